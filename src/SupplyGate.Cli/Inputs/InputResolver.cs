using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.NuGet;
using SupplyGate.Core.IO;

namespace SupplyGate.Cli.Inputs;

/// <summary>
/// Turns the <c>sbom</c> argument (a project, a solution, an assets file or a publish directory) into
/// inventory requests. Uses existing restore and publish outputs only: the CLI never restores.
/// </summary>
internal sealed class InputResolver(IEnvironment environment)
{
    private static readonly string[] ProjectExtensions = [".csproj", ".fsproj", ".vbproj"];

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
                return Single(FromProject(path, publishDirOverride, requirePublish: false, notes), notes);
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
                return Single(FromProject(projects[0], publishDirOverride, requirePublish: false, notes), notes);
            }

            string[] solutions = Directory.GetFiles(path, "*.sln").Concat(Directory.GetFiles(path, "*.slnx")).ToArray();
            if (solutions.Length == 1)
            {
                return FromSolution(solutions[0], notes);
            }

            throw new InvalidInputException(DiagnosticCode.InputNotFound,
                $"{input}: the directory has no *.deps.json (not a publish directory) and not exactly one project or solution; name the file.", input);
        }

        throw new InvalidInputException(DiagnosticCode.InputNotFound, $"{input}: no such file or directory.", input);
    }

    private static ResolvedInput Single(SbomJob job, List<string> notes) => new([job], null, notes);

    private ResolvedInput FromSolution(string solution, List<string> notes)
    {
        var jobs = new List<SbomJob>();
        foreach (string project in SolutionFile.ReadProjects(solution))
        {
            if (!File.Exists(project))
            {
                notes.Add($"{project}: listed in the solution but missing; skipped.");
                continue;
            }

            SbomJob? job = FromProjectOrNull(project, null, requirePublish: true, notes);
            if (job is not null)
            {
                jobs.Add(job);
            }
        }

        if (jobs.Count == 0)
        {
            throw new InvalidInputException(DiagnosticCode.InputNotFound,
                $"{solution}: no project in the solution has publish output under bin/**/publish; run dotnet publish first.", solution);
        }

        return new ResolvedInput(jobs, Path.GetFileNameWithoutExtension(solution), notes);
    }

    private SbomJob FromProject(string project, string? publishDirOverride, bool requirePublish, List<string> notes) =>
        FromProjectOrNull(project, publishDirOverride, requirePublish, notes)
        ?? throw new InvalidInputException(DiagnosticCode.InputNotFound, $"{project}: no publish output.", project);

    private SbomJob? FromProjectOrNull(string project, string? publishDirOverride, bool requirePublish, List<string> notes)
    {
        string directory = Path.GetDirectoryName(project)!;
        string assets = Path.Combine(directory, "obj", "project.assets.json");
        PublishDirectory? publish = publishDirOverride is not null
            ? PublishDirectory.TryOpen(Path.GetFullPath(publishDirOverride)) ?? throw MissingDeps(publishDirOverride)
            : PublishDirectory.FindLatest(directory);
        if (publish is null)
        {
            if (requirePublish)
            {
                notes.Add($"{project}: no publish output under bin/**/publish; skipped.");
                return null;
            }

            notes.Add($"{project}: no publish output found under bin/**/publish, so the SBOM lists the restore graph (assets-only); publish first to describe exactly what ships.");
        }

        return new SbomJob(Path.GetFileNameWithoutExtension(project), Request(assets, publish, null));
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
        return new SbomJob(publish?.AppName ?? name, Request(assets, publish, null));
    }

    private SbomJob FromPublishDirectory(PublishDirectory publish) =>
        new(publish.AppName, Request(null, publish, publish.AppName));

    private NuGetInventoryRequest Request(string? assets, PublishDirectory? publish, string? projectName) => new()
    {
        AssetsFilePath = assets,
        PublishDepsFilePath = publish?.DepsFile,
        RuntimeConfigFilePath = publish?.RuntimeConfigFile,
        TargetFramework = publish?.TargetFramework,
        RuntimeIdentifier = publish?.RuntimeIdentifier,
        ProjectName = projectName,
        FrameworkOverrides = TargetingPackOverrides.For(publish?.TargetFramework),
        AdditionalPackageFolders = PackageFolders(),
    };

    private string[] PackageFolders()
    {
        string? configured = environment.GetVariable("NUGET_PACKAGES");
        string? home = environment.GetVariable("HOME") ?? environment.GetVariable("USERPROFILE");
        return new[] { configured, home is null ? null : Path.Combine(home, ".nuget", "packages") }
            .OfType<string>()
            .Where(p => p.Length > 0)
            .ToArray();
    }

    private static InvalidInputException MissingDeps(string directory) =>
        new(DiagnosticCode.DepsFileMissing, $"{directory}: no *.deps.json here, so this is not a publish directory (publish the project first).", directory);
}
