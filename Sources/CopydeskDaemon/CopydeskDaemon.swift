/// The daemon: intake, runtime, status.
public enum CopydeskDaemon {}
