import Foundation
import Testing

@Suite("copydesk entities and train-entities")
struct EntitiesCLITests {
    static let conll = """
        -DOCSTART- -X- O O

        Maria NNP I-NP I-PER
        Lindqvist NNP I-NP I-PER
        flew VBD I-VP O
        to TO I-PP O
        Oslo NNP I-NP I-LOC
        . . O O

        """

    @Test("--conll prints every line with one more column and keeps blank and -DOCSTART- lines")
    func conll() throws {
        let tmp = TemporaryDirectory("entities-conll")
        let path = tmp.path + "/in.conll"
        _ = FileManager.default.createFile(atPath: path, contents: Data(Self.conll.utf8))
        let result = try copydesk(["entities", "--conll", path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == Self.conll.split(separator: "\n", omittingEmptySubsequences: false).count)
        #expect(lines[0] == "-DOCSTART- -X- O O")
        #expect(lines[1] == "")
        #expect(lines[2] == "Maria NNP I-NP I-PER B-PER")
        #expect(lines[3] == "Lindqvist NNP I-NP I-PER I-PER")
        #expect(lines[6] == "Oslo NNP I-NP I-LOC B-LOC")
    }

    @Test("an article file prints its record fields as JSON")
    func article() throws {
        let tmp = TemporaryDirectory("entities-article")
        let path = tmp.path + "/story.txt"
        let story = """
            Ministers back harbour plan

            Transport Secretary Louise Haigh visited Dover on Monday to back the plan, the BBC reported.

            "This harbour has waited far too long for a proper crossing," Haigh told reporters.
            """
        _ = FileManager.default.createFile(atPath: path, contents: Data(story.utf8))
        let result = try copydesk(["entities", path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let people = try #require(json["people"] as? [[String: Any]])
        #expect(people.first?["name"] as? String == "Louise Haigh")
        #expect(people.first?["role"] as? String == "Transport Secretary")
        #expect((json["infoSources"] as? [[String: Any]])?.first?["name"] as? String == "BBC")
        #expect((json["quotes"] as? [[String: Any]])?.first?["speaker"] as? String == "Louise Haigh")
    }

    @Test("a missing input or a bad model is a usage error (exit 2)")
    func usage() throws {
        #expect(try copydesk(["entities"]).status == 2)
        #expect(try copydesk(["entities", "--conll", "/nonexistent.conll"]).status == 2)
        let result = try copydesk(["entities", "--conll", "/dev/null", "--model", "/nonexistent.model"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent.model"))
    }

    @Test("train-entities writes a model that entities --model reads")
    func train() throws {
        let tmp = TemporaryDirectory("entities-train")
        var train = ""
        for _ in 0..<3 { train += Self.conll }
        _ = FileManager.default.createFile(atPath: tmp.path + "/eng.train", contents: Data(train.utf8))
        _ = FileManager.default.createFile(atPath: tmp.path + "/eng.testa", contents: Data(Self.conll.utf8))
        let model = tmp.path + "/m.model"
        let trained = try copydesk(["train-entities", "--conll", tmp.path, "--unlabeled", tmp.path + "/none",
                                    "--clusters", "0", "--folds", "1", "--prune", "0", "--output", model])
        #expect(trained.status == 0, "\(trained.stderr)")
        #expect(trained.stdout.contains("eng.testa"))
        let tagged = try copydesk(["entities", "--conll", tmp.path + "/eng.testa", "--model", model])
        #expect(tagged.status == 0, "\(tagged.stderr)")
        #expect(tagged.stdout.contains("Oslo NNP I-NP I-LOC B-LOC"))
    }
}

@Suite("copydesk validate builds the pipelines")
struct ValidateBuildsTests {
    @Test("an entities stage whose model cannot be read fails validate, naming the file, stage and path")
    func badModel() throws {
        let tmp = TemporaryDirectory("validate-model")
        try FileManager.default.createDirectory(atPath: tmp.path + "/pipelines", withIntermediateDirectories: true)
        let pipeline = "name: news\nstages:\n  - type: parse\n  - type: normalize\n  - type: entities\n    model: /nonexistent/entities.model\n  - type: compress\n"
        _ = FileManager.default.createFile(atPath: tmp.path + "/pipelines/news.yaml", contents: Data(pipeline.utf8))
        let config = "state_dir: \(tmp.path)/state\npipelines_dir: \(tmp.path)/pipelines\n"
        _ = FileManager.default.createFile(atPath: tmp.path + "/copydesk.yaml", contents: Data(config.utf8))
        let result = try copydesk(["validate", "--config", tmp.path + "/copydesk.yaml"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad_config"))
        #expect(result.stderr.contains("stage 3 (entities)"))
        #expect(result.stderr.contains("/nonexistent/entities.model"))
    }
}
