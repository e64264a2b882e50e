using System.Runtime.Versioning;

namespace SheqingMinyi.EndToEnd.Tests.StoreStartup;

/// <summary>A directory of this test's own under /tmp, removed afterwards.</summary>
[SupportedOSPlatform("linux")] // file modes, runuser, shell scripts as servers
internal sealed class ScratchDirectory : IDisposable
{
    private const UnixFileMode Open = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    public const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <param name="mode">755 by default, so that the postgres user can use what is in it.</param>
    public ScratchDirectory(UnixFileMode mode = Open)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"sqmy-startup-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
        File.SetUnixFileMode(Path, mode); // explicitly: CreateDirectory's mode is subject to the umask
    }

    public string Path { get; }

    /// <summary>A stand-in for a server program: a shell script, executable by anyone.</summary>
    public string Script(string name, string body)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, $"#!/bin/sh\n{body}\n");
        File.SetUnixFileMode(file, Open);
        return file;
    }

    /// <summary>A data directory that looks initialised (PG_VERSION) but holds no cluster.</summary>
    public string CorruptCluster(string dataRoot)
    {
        var cluster = System.IO.Path.Combine(dataRoot, "postgres");
        Directory.CreateDirectory(cluster);
        File.WriteAllText(System.IO.Path.Combine(cluster, "PG_VERSION"), "15\n");
        return cluster;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
