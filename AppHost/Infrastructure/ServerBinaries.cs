namespace SheqingMinyi.AppHost.Infrastructure;

/// <summary>Finds the PostgreSQL and Redis programs installed on this machine.</summary>
internal static class ServerBinaries
{
    public static bool RunningAsRoot => Environment.UserName == "root";

    /// <summary>PostgreSQL's bin folder: configuration first, then Debian's versioned folders, then PATH.</summary>
    public static string PostgresBin(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        var debian = "/usr/lib/postgresql";
        if (Directory.Exists(debian))
        {
            var newest = Directory.GetDirectories(debian)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "postgres")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault();
            if (newest is not null) return newest;
        }
        return Path.GetDirectoryName(FindOnPath("postgres")) ?? throw new InvalidOperationException(
            "PostgreSQL is not installed: set Infrastructure:PostgresBin or install postgresql (the README's setup command does).");
    }

    public static string RedisServer(string? configured) =>
        !string.IsNullOrWhiteSpace(configured) ? configured
        : FindOnPath("redis-server") ?? (File.Exists("/usr/bin/redis-server") ? "/usr/bin/redis-server" : throw new InvalidOperationException(
            "redis-server is not installed: set Infrastructure:RedisServer or run the README's setup command."));

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
