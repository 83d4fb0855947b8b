using System.Diagnostics;
using System.Text.Json;
using SupplyGate.Core.IO;

namespace SupplyGate.Cli.Inputs;

/// <summary>What MSBuild says about a project's outputs (evaluation only: no restore, no build).</summary>
internal sealed record ProjectEvaluation(IReadOnlyDictionary<string, string> Properties, IReadOnlyList<string> FrameworkReferences)
{
    public string? Get(string name) => Properties.TryGetValue(name, out string? value) && value.Length > 0 ? value : null;
}

/// <summary>Evaluates a project file; null with a reason when MSBuild cannot be asked.</summary>
internal interface IProjectEvaluator
{
    ProjectEvaluation? Evaluate(string projectFile, IReadOnlyDictionary<string, string> globalProperties, out string? failure);
}

/// <summary>
/// Asks the SDK's MSBuild with <c>dotnet msbuild -getProperty/-getItem</c>, so Directory.Build.props, artifacts
/// output, custom BaseIntermediateOutputPath / MSBuildProjectExtensionsPath / PublishDir resolve exactly as in the
/// build. Costs one evaluation (about a second, more on a busy machine); see docs/sbom.md.
/// </summary>
internal sealed class DotnetMSBuildEvaluator(IEnvironment environment, TimeSpan? timeout = null) : IProjectEvaluator
{
    public static readonly string[] PropertyNames =
    [
        "ProjectAssetsFile", "MSBuildProjectExtensionsPath", "PublishDir", "BaseOutputPath", "UseArtifactsOutput",
        "ArtifactsPath", "ArtifactsProjectName", "AssemblyName", "TargetFramework", "TargetFrameworks", "RuntimeIdentifier",
        "OutputType", "PublishAot",
    ];

    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromMinutes(2);

    public ProjectEvaluation? Evaluate(string projectFile, IReadOnlyDictionary<string, string> globalProperties, out string? failure)
    {
        var info = new ProcessStartInfo(DotnetExecutable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(projectFile)!,
        };
        foreach (string argument in Arguments(projectFile, globalProperties))
        {
            info.ArgumentList.Add(argument);
        }

        // No telemetry banner or first-run text in the JSON we parse.
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        Process? process;
        try
        {
            process = Process.Start(info);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            failure = $"cannot run '{info.FileName} msbuild': {ex.Message}";
            return null;
        }

        if (process is null)
        {
            failure = $"cannot run '{info.FileName} msbuild'";
            return null;
        }

        using (process)
        {
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(_timeout))
            {
                process.Kill(entireProcessTree: true);
                failure = $"'dotnet msbuild' did not finish within {_timeout.TotalSeconds:0} s";
                return null;
            }

            string stdout = output.GetAwaiter().GetResult();
            if (process.ExitCode != 0)
            {
                string first = (stdout + "\n" + error.GetAwaiter().GetResult()).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? $"exit code {process.ExitCode}";
                failure = $"'dotnet msbuild' could not evaluate the project: {first}";
                return null;
            }

            return Parse(stdout, out failure);
        }
    }

    public static IEnumerable<string> Arguments(string projectFile, IReadOnlyDictionary<string, string> globalProperties)
    {
        yield return "msbuild";
        yield return projectFile;
        yield return "-nologo";
        foreach (string name in PropertyNames)
        {
            yield return "-getProperty:" + name;
        }

        yield return "-getItem:FrameworkReference";
        foreach ((string name, string value) in globalProperties.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            yield return $"-property:{name}={value}";
        }
    }

    /// <summary>Parses the <c>{"Properties": {...}, "Items": {...}}</c> document -getProperty/-getItem print.</summary>
    public static ProjectEvaluation? Parse(string json, out string? failure)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (document.RootElement.TryGetProperty("Properties", out JsonElement props) && props.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty property in props.EnumerateObject())
                {
                    properties[property.Name] = property.Value.GetString() ?? string.Empty;
                }
            }

            var frameworks = new List<string>();
            if (document.RootElement.TryGetProperty("Items", out JsonElement items)
                && items.TryGetProperty("FrameworkReference", out JsonElement references)
                && references.ValueKind == JsonValueKind.Array)
            {
                frameworks.AddRange(references.EnumerateArray()
                    .Select(r => r.TryGetProperty("Identity", out JsonElement id) ? id.GetString() : null)
                    .OfType<string>());
            }

            failure = null;
            return new ProjectEvaluation(properties, frameworks);
        }
        catch (JsonException ex)
        {
            failure = $"unexpected output from 'dotnet msbuild -getProperty': {ex.Message}";
            return null;
        }
    }

    /// <summary>The muxer that runs us as a tool, else DOTNET_ROOT's, else dotnet on PATH.</summary>
    private string DotnetExecutable()
    {
        string name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        foreach (string? candidate in new[]
        {
            environment.GetVariable("DOTNET_HOST_PATH"),
            environment.GetVariable("DOTNET_ROOT") is { Length: > 0 } root ? Path.Combine(root, name) : null,
        })
        {
            if (candidate is { Length: > 0 } && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return (environment.GetVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists) ?? name;
    }
}
