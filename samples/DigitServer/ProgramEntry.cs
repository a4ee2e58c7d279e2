// The entry point's class, made public so that tests can host the app with WebApplicationFactory<Program>.
#pragma warning disable CA1050 // Program is the top-level statements' class and lives in the global namespace.
public partial class Program;
#pragma warning restore CA1050
