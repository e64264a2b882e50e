using System.Reflection;
using System.Runtime.InteropServices;

namespace SheqingMinyi.AppHost.Infrastructure;

/// <summary>
/// Runs each project from its build output rather than through <c>dotnet run --no-build</c>: that wrapper is one
/// more .NET process per project that evaluates the project file before starting the real one (about a fifth of
/// the CPU of a cold start on a 2-core machine). Aspire launches a project with an <see cref="ExecutableAnnotation"/>
/// by that command, with no <c>run --project</c> arguments; the working directory stays the project's, so its
/// content root (appsettings.json) is what <c>dotnet run</c> gave it. A project not built yet keeps the default.
/// </summary>
public static class BuiltExecutables
{
    public static void RunProjectsFromTheirBuild(this IDistributedApplicationBuilder builder, SpeedSettings speed)
    {
        if (!speed.BuiltExecutables) return;
        var configuration = typeof(BuiltExecutables).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            var metadata = project.Annotations.OfType<IProjectMetadata>().First();
            if (ExecutablePath(metadata.ProjectPath, configuration) is not { } executable) continue;
            project.Annotations.Add(new ExecutableAnnotation { Command = executable, WorkingDirectory = Path.GetDirectoryName(metadata.ProjectPath)! });
            // The executable finds the shared runtime through DOTNET_ROOT when dotnet is not in a default location.
            builder.CreateResourceBuilder(project).WithEnvironment("DOTNET_ROOT", DotnetRoot());
        }
    }

    /// <summary>bin/{configuration}/{tfm}/{assembly}: the projects name their assembly after their project file.</summary>
    public static string? ExecutablePath(string projectPath, string configuration)
    {
        var directory = Path.Combine(Path.GetDirectoryName(projectPath)!, "bin", configuration, TargetFramework);
        var name = Path.GetFileNameWithoutExtension(projectPath);
        var executable = Path.Combine(directory, OperatingSystem.IsWindows() ? name + ".exe" : name);
        // The dll must be there too: an executable left from an older build beside no assembly would not start.
        return File.Exists(executable) && File.Exists(Path.Combine(directory, name + ".dll")) ? executable : null;
    }

    // The AppHost and the projects share Directory.Build.props' TargetFramework.
    private const string TargetFramework = "net10.0";

    /// <summary>The running runtime's dotnet root: …/shared/Microsoft.NETCore.App/{version}/ → ….</summary>
    private static string DotnetRoot() =>
        Environment.GetEnvironmentVariable("DOTNET_ROOT")
        ?? Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
}
