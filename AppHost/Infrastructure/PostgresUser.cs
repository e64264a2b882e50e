using System.Diagnostics;

namespace SheqingMinyi.AppHost.Infrastructure;

/// <summary>
/// The postgres OS user, which PostgreSQL runs as when the AppHost is root. What it can reach is asked of the kernel
/// by running <c>test</c> as that user (runuser), not guessed from modes: ACLs, groups and mounts all count.
/// </summary>
internal static class PostgresUser
{
    public const string Name = "postgres";

    public static bool Exists() =>
        File.ReadLines("/etc/passwd").Any(l => l.StartsWith(Name + ":", StringComparison.Ordinal));

    /// <summary>
    /// The first existing directory on the way to <paramref name="path"/> that postgres cannot enter, or null. The
    /// data directory itself is not asked about: the AppHost creates it and hands it to postgres.
    /// </summary>
    public static async Task<string?> FirstUnreachableAsync(string path, CancellationToken ct)
    {
        List<string> ancestors = [];
        for (var dir = Path.GetDirectoryName(path); dir is not null; dir = Path.GetDirectoryName(dir))
            if (Directory.Exists(dir)) ancestors.Insert(0, dir);
        // One process for all checks; prints the first failing one.
        const string script = """
            for d in "$@"; do [ -x "$d" ] || { echo "$d"; exit 3; }; done
            """;
        var (code, stdout, stderr) = await RunAsync("runuser", ["-u", Name, "--", "sh", "-c", script, "sh", .. ancestors], ct);
        return code switch
        {
            0 => null,
            3 => stdout.Trim(),
            _ => throw new StoreStartException($"could not check what the postgres user can reach (runuser exited {code}): {stderr.Trim()}"),
        };
    }

    public static async Task TakeOwnershipAsync(string path, CancellationToken ct)
    {
        var (code, _, stderr) = await RunAsync("chown", ["-R", $"{Name}:{Name}", path], ct);
        if (code != 0) throw new StoreStartException($"chown -R {Name} {path} failed: {stderr.Trim()}");
        SetMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>chmod. Only ever needed as root, so on Unix; the guard is for the platform analyzer.</summary>
    public static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, mode);
    }

    /// <summary>Runs a program from / (so a user without access to our working directory gets no warnings).</summary>
    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string program, IEnumerable<string> args, CancellationToken ct)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true); // the AppHost is stopping: no initdb left behind
            throw;
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
