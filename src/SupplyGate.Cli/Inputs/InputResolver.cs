using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.NuGet;
using SupplyGate.Core.IO;

namespace SupplyGate.Cli.Inputs;

/// <summary>
/// Turns the <c>sbom</c>/<c>check</c> argument (a project, a solution, an assets file or a publish directory) into
/// inventory requests. Uses existing restore and publish outputs only, found through MSBuild
/// (<see cref="ProjectOutputLocator"/>): the CLI never restores or builds.
/// </summary>
internal sealed class InputResolver(IEnvironment environment, IProjectEvaluator? evaluator = null, string? artifactsPath = null)
{
    private static readonly string[] ProjectExtensions = [".csproj", ".fsproj", ".vbproj"];

    private readonly ProjectOutputLocator _locator = new(evaluator ?? new DotnetMSBuildEvaluator(environment));

    public ResolvedInput Resolve(string input, string? publishDirOverride)
    {
        InputPaths.EnsureFileOrDirectory(input);
        string path = Path.GetFullPath(input);
        var notes = new List<string>();
        if (File.Exists(path))
        {
            string extension = Path.GetExtension(path);
            if (extension.Equals(".sln", StringComparison.OrdinalIgnoreCase) || extension.Equals(".slnx", StringComparison.OrdinalIgnoreCase))
            {
                return FromSolution(path, notes);
            }

            if (ProjectExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase))
            {
                return Single(FromProject(path, publishDirOverride, notes), notes);
            }

            if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                return Single(FromAssetsFile(path, publishDirOverride, notes), notes);
            }

            throw new InvalidInputException(DiagnosticCode.InputNotFound,
                $"{input}: expected a project (.csproj), a solution (.sln/.slnx), a project.assets.json or a publish directory.", input);
        }

        if (Directory.Exists(path))
        {
            if (PublishDirectory.TryOpen(path) is { } publish)
            {
                return Single(FromPublishDirectory(publish), notes);
            }

            string[] projects = ProjectExtensions.SelectMany(e => Directory.GetFiles(path, "*" + e)).ToArray();
            if (projects.Length == 1)
            {
                return Single(FromProject(projects[0], publishDirOverride, notes), notes);
            }

            string[] solutions = Directory.GetFiles(path, "*.sln").Concat(Directory.GetFiles(path, "*.slnx")).ToArray();
            if (solutions.Length == 1)
            {
                return FromSolution(solutions[0], notes);
            }

            throw new InvalidInputException(DiagnosticCode.InputNotFound,
                $"{input}: the directory has no *.deps.json (not a publish directory) and not exactly one project or solution; name the file. "
                + "A Native AOT publish writes no deps.json: describe the project instead (supplygate sbom <project>).", input);
        }

        throw new InvalidInputException(DiagnosticCode.InputNotFound, $"{input}: no such file or directory.", input);
    }

    private static ResolvedInput Single(SbomJob job, List<string> notes) => new([job], null, notes);

    private ResolvedInput FromSolution(string solution, List<string> notes)
    {
        var jobs = new List<SbomJob>();
        var searched = new List<string>();
        foreach (string project in SolutionFile.ReadProjects(solution))
        {
            if (!File.Exists(project))
            {
                notes.Add($"{project}: listed in the solution but missing; skipped.");
                continue;
            }

            ProjectOutputs outputs = Locate(project, null, notes);
            if (outputs.Publish is null)
            {
                notes.Add($"{project}: no publish output (looked in {outputs.Searched}); skipped.");
                searched.Add(outputs.Searched);
                continue;
            }

            jobs.Add(Job(project, outputs, notes));
        }

        if (jobs.Count == 0)
        {
            throw new InvalidInputException(DiagnosticCode.InputNotFound,
                $"{solution}: no project in the solution has publish output (looked in {string.Join("; ", searched)}); run dotnet publish first, or name the project and its --publish-dir.", solution);
        }

        return new ResolvedInput(jobs, Path.GetFileNameWithoutExtension(solution), notes);
    }

    private SbomJob FromProject(string project, string? publishDirOverride, List<string> notes)
    {
        ProjectOutputs outputs = Locate(project, publishDirOverride, notes);
        if (outputs.Publish is null && !outputs.HasAssets)
        {
            throw new InvalidInputException(
                DiagnosticCode.AssetsFileMissing,
                $"{project}: nothing to describe: no restore output at {outputs.AssetsFile} and no publish output in {outputs.Searched}. "
                + "Run dotnet publish (or dotnet restore) first; if it used --artifacts-path or -o, pass the same --artifacts-path or --publish-dir.",
                project);
        }

        if (outputs.Publish is null && outputs.PublishAot)
        {
            notes.Add($"{project}: PublishAot=true, and a Native AOT publish writes no deps.json, so the SBOM lists the restore graph of {outputs.AssetsFile} (assets-only): "
                + "every package that is neither development-only nor framework-provided counts as shipped. SupplyGate.Build records exactly what ILCompiler compiled in (evidence native-aot).");
        }
        else if (outputs.Publish is null)
        {
            notes.Add($"{project}: no publish output in {outputs.Searched}, so the SBOM lists the restore graph of {outputs.AssetsFile} (assets-only); publish first to describe exactly what ships.");
        }

        return Job(project, outputs, notes);
    }

    private ProjectOutputs Locate(string project, string? publishDirOverride, List<string> notes)
    {
        ProjectOutputs outputs = _locator.Locate(project, artifactsPath, publishDirOverride);
        if (outputs.EvaluationFailure is { } failure)
        {
            notes.Add($"{project}: {DiagnosticCode.ProjectEvaluationFailed}: could not ask MSBuild where the outputs are ({failure}); used the SDK's default locations.");
        }

        return outputs;
    }

    private SbomJob Job(string project, ProjectOutputs outputs, List<string> notes)
    {
        PublishDirectory? publish = outputs.Publish;
        if (publish is not null && !outputs.HasAssets)
        {
            // The restore output is gone (a clean, another --artifacts-path): the publish output alone still says what ships.
            notes.Add($"{project}: no restore output at {outputs.AssetsFile}; the SBOM describes {publish.Path} alone (deps.json).");
            return new SbomJob(publish.AppName, Request(null, publish, publish.AppName, outputs.FrameworkReferences, null) with { LibManFile = LibMan(project) });
        }

        return new SbomJob(
            Path.GetFileNameWithoutExtension(project),
            Request(outputs.AssetsFile, publish, null, outputs.FrameworkReferences, outputs.TargetFramework) with { LibManFile = LibMan(project) });
    }

    private SbomJob FromAssetsFile(string assets, string? publishDirOverride, List<string> notes)
    {
        PublishDirectory? publish = publishDirOverride is null
            ? null
            : PublishDirectory.TryOpen(Path.GetFullPath(publishDirOverride)) ?? throw MissingDeps(publishDirOverride);
        if (publish is null)
        {
            notes.Add($"{assets}: no --publish-dir given, so the SBOM lists the restore graph (assets-only).");
        }

        string name = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(assets))) ?? "app";
        return new SbomJob(publish?.AppName ?? name, Request(assets, publish, null, [], null));
    }

    private SbomJob FromPublishDirectory(PublishDirectory publish) =>
        new(publish.AppName, Request(null, publish, publish.AppName, [], null));

    private NuGetInventoryRequest Request(string? assets, PublishDirectory? publish, string? projectName, IReadOnlyList<string> frameworks, string? targetFramework) => new()
    {
        AssetsFilePath = assets,
        PublishDepsFilePath = publish?.DepsFile,
        RuntimeConfigFilePath = publish?.RuntimeConfigFile,
        TargetFramework = publish?.TargetFramework,
        RuntimeIdentifier = publish?.RuntimeIdentifier,
        PublishDirectory = publish?.Path,
        ProjectName = projectName,
        FrameworkOverrides = TargetingPackOverrides.For(
            publish?.TargetFramework ?? targetFramework,
            frameworks.Concat(publish?.Frameworks ?? []),
            environment.GetVariable("DOTNET_ROOT"),
            environment.GetVariable("PATH")),
        AdditionalPackageFolders = PackageFolders(),
    };

    /// <summary>The project's libman.json, when it has one: it names the client libraries it restored into wwwroot.</summary>
    private static string? LibMan(string project) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(project)) ?? ".", "libman.json") is var libman && File.Exists(libman) ? libman : null;

    private string[] PackageFolders()
    {
        string? configured = environment.GetVariable("NUGET_PACKAGES");
        string? home = environment.GetVariable("HOME") ?? environment.GetVariable("USERPROFILE");
        return new[] { configured, home is null ? null : Path.Combine(home, ".nuget", "packages") }
            .OfType<string>()
            .Where(p => p.Length > 0)
            .ToArray();
    }

    internal static InvalidInputException MissingDeps(string directory) =>
        new(DiagnosticCode.DepsFileMissing, $"{directory}: no *.deps.json here, so this is not a publish directory (publish the project first). "
            + "A Native AOT publish writes no deps.json: describe the project instead (supplygate sbom <project>).", directory);
}
