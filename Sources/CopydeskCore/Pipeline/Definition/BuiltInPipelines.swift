/// The pipelines copydesk carries in its binary, so that the daemon runs with
/// no pipeline files around it.
///
/// Each constant is byte for byte the shipped file of the same name in
/// `Pipelines/` (a test checks it); edit both together.
public enum BuiltInPipelines {
    /// The label that errors and ``StageContext/file`` use for a built-in pipeline.
    public static let file = "built-in"

    /// `Pipelines/news.yaml`: the default pipeline.
    public static let news = #"""
        # The default pipeline: scraped and syndicated news articles, one per file
        # (plain text or JSON) or one per line of a .jsonl file.
        #
        # copydesk carries a copy of this file in its binary (BuiltInPipelines.news),
        # so `copydesk run` works with no files around it. A news.yaml in the
        # configured pipeline directory replaces the built-in copy.
        name: news
        description: Scraped and syndicated news articles; exact duplicates are spiked.
        duplicates: drop
        stages:
          - type: parse
            format: auto
          - type: normalize
            # Paragraphs removed when they are exactly one of these (ignoring case).
            boilerplate:
              - Advertisement
              - Follow us on Twitter
              - Share this article
              - Related Topics
            # Paragraphs removed when a pattern matches (anchor with ^…$ for the whole paragraph).
            patterns:
              - '^(Follow|Like) us on (Twitter|X|Facebook|Instagram|Threads)\.?$'
              - '^Sign up (for|to) our [A-Za-z ]{0,40}newsletters?\.?$'
          - type: deduplicate
            # Exact duplicates follow `duplicates:` above. Near-duplicates (syndicated
            # copies: a new headline or dateline, boilerplate added, cut short, lightly
            # edited) are marked with `copydesk.dedup.{status, of, similarity, cluster}`.
            near_duplicates: mark   # mark | drop | off
            containment: 0.7        # shorter body inside the longer (measured: README)
            jaccard: 0.5
            min_words: 30
          - type: entities
            # people, organisations, places (canonical names, roles, mention counts),
            # infoSources, copydesk.quotes/money/percentages/dates/misc. Model: built in
            # (`copydesk train-entities`); `model: PATH` to use another.
          - type: compress

        """#

    /// Every built-in pipeline's YAML.
    public static let all: [String] = [news]
}
