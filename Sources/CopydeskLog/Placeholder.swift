public enum CopydeskLogPlaceholder {}
