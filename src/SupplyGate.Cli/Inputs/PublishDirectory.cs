using System.Text.Json;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;

namespace SupplyGate.Cli.Inputs;

/// <summary>A publish output: its deps.json and runtimeconfig.json, and the framework/RID it was published for.</summary>
internal sealed record PublishDirectory(string Path, string DepsFile, string? RuntimeConfigFile, string? TargetFramework, string? RuntimeIdentifier)
{
    public string AppName => System.IO.Path.GetFileName(DepsFile)[..^".deps.json".Length];

    /// <summary>Reads a publish directory; null when it holds no deps.json.</summary>
    public static PublishDirectory? TryOpen(string directory)
    {
        string[] deps = Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.deps.json").Order(StringComparer.Ordinal).ToArray()
            : [];
        if (deps.Length == 0)
        {
            return null;
        }

        // A publish directory can carry deps files of tools; the app is the one with a runtimeconfig.
        string depsFile = deps.FirstOrDefault(d => File.Exists(RuntimeConfigFor(d))) ?? deps[0];
        string runtimeConfig = RuntimeConfigFor(depsFile);
        (string? framework, string? rid) = ReadRuntimeTarget(depsFile);
        return new PublishDirectory(directory, depsFile, File.Exists(runtimeConfig) ? runtimeConfig : null, framework, rid);
    }

    /// <summary>The most recent publish output under a project's bin/ folder, if any.</summary>
    public static PublishDirectory? FindLatest(string projectDirectory)
    {
        string bin = System.IO.Path.Combine(projectDirectory, "bin");
        if (!Directory.Exists(bin))
        {
            return null;
        }

        return Directory.EnumerateDirectories(bin, "publish", SearchOption.AllDirectories)
            .Select(TryOpen)
            .OfType<PublishDirectory>()
            .OrderByDescending(p => File.GetLastWriteTimeUtc(p.DepsFile))
            .ThenBy(p => p.Path, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    private static string RuntimeConfigFor(string depsFile) =>
        depsFile[..^".deps.json".Length] + ".runtimeconfig.json";

    /// <summary>
    /// deps.json names what it was built for in <c>runtimeTarget.name</c>, e.g.
    /// <c>.NETCoreApp,Version=v10.0/linux-x64</c>; turn it into a framework alias and a RID.
    /// </summary>
    private static (string? Framework, string? Rid) ReadRuntimeTarget(string depsFile)
    {
        ReadOnlyMemory<byte> utf8 = InputFile.ReadAllBytes(depsFile, InputKind.Project, DiagnosticCode.DepsFileInvalid, DiagnosticCode.DepsFileMissing);
        using JsonDocument document = InputJson.Parse(
            utf8, depsFile, DiagnosticCode.DepsFileInvalid, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });

        // runtimeTarget is optional, but when present it must be an object with a string name.
        if (!document.RootElement.TryGetProperty("runtimeTarget", out JsonElement target) || target.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        if (target.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidInputException(DiagnosticCode.DepsFileInvalid, $"{depsFile}: 'runtimeTarget' is {InputJson.Describe(target.ValueKind)}, not an object.", depsFile);
        }

        if (!target.TryGetProperty("name", out JsonElement nameElement) || nameElement.ValueKind != JsonValueKind.String)
        {
            return (null, null);
        }

        string[] parts = nameElement.GetString()!.Split('/', 2);
        return (FrameworkAlias(parts[0]), parts.Length > 1 ? parts[1] : null);
    }

    private static string? FrameworkAlias(string frameworkName)
    {
        const string Prefix = ".NETCoreApp,Version=v";
        if (!frameworkName.StartsWith(Prefix, StringComparison.Ordinal)
            || !Version.TryParse(frameworkName[Prefix.Length..], out Version? version))
        {
            return null;
        }

        return version.Major >= 5 ? $"net{version.Major}.{version.Minor}" : $"netcoreapp{version.Major}.{version.Minor}";
    }
}
