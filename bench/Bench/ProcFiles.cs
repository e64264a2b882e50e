using System.Text;

namespace SheqingMinyi.Bench;

/// <summary>Reading another process's /proc files (cmdline, environ): NUL-separated, and gone or closed at any time.</summary>
public static class ProcFiles
{
    public static string[] ReadNulSeparated(string path)
    {
        try { return Encoding.UTF8.GetString(File.ReadAllBytes(path)).Split('\0', StringSplitOptions.RemoveEmptyEntries); }
        catch (IOException) { return []; }
        catch (UnauthorizedAccessException) { return []; }
    }

    /// <summary>NAME=value pairs as a dictionary (the last of a repeated name wins).</summary>
    public static Dictionary<string, string> Environment(IEnumerable<string> pairs)
    {
        var env = new Dictionary<string, string>();
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=');
            if (eq > 0) env[pair[..eq]] = pair[(eq + 1)..];
        }
        return env;
    }
}
