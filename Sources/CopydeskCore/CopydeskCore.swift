/// Placeholder until the core types land.
public enum CopydeskCore {}
