namespace SupplyGate.Cli.Inputs;

/// <summary>Where a project's restore output and newest publish output are, and where they were looked for.</summary>
internal sealed record ProjectOutputs(
    string AssetsFile,
    PublishDirectory? Publish,
    IReadOnlyList<string> PublishLocations,
    IReadOnlyList<string> FrameworkReferences,
    string? EvaluationFailure)
{
    /// <summary>The evaluated TargetFramework, else the first of TargetFrameworks (for the targeting pack).</summary>
    public string? TargetFramework { get; init; }

    /// <summary>PublishAot=true: a Native AOT publish leaves no deps.json, so no publish output is ever found.</summary>
    public bool PublishAot { get; init; }

    public bool HasAssets => File.Exists(AssetsFile);

    public string Searched => string.Join(", ", PublishLocations);
}

/// <summary>
/// Finds a project's <c>project.assets.json</c> and publish output the way MSBuild does: it asks MSBuild for
/// ProjectAssetsFile, PublishDir, the artifacts layout (UseArtifactsOutput, ArtifactsPath) and the bin folder,
/// evaluated as <c>dotnet publish</c> does (Configuration=Release, plus the <c>--artifacts-path</c> given), then
/// takes the newest publish output among: PublishDir (per target framework when multi-targeting), every
/// pivot folder under <c>&lt;ArtifactsPath&gt;/publish/&lt;project&gt;/</c> (<c>release</c>,
/// <c>release_linux-x64</c>, …) and every <c>publish</c> folder under the bin folder (RID-specific ones too).
/// When MSBuild cannot be asked, the same places are derived from the SDK's conventions.
/// </summary>
internal sealed class ProjectOutputLocator(IProjectEvaluator evaluator)
{
    public ProjectOutputs Locate(string projectFile, string? artifactsPath, string? publishDirOverride)
    {
        string projectDirectory = Path.GetDirectoryName(projectFile)!;
        string projectName = Path.GetFileNameWithoutExtension(projectFile);
        var global = new Dictionary<string, string>(StringComparer.Ordinal) { ["Configuration"] = "Release" };
        if (artifactsPath is not null)
        {
            global["ArtifactsPath"] = Path.GetFullPath(artifactsPath);
            global["UseArtifactsOutput"] = "true";
        }

        ProjectEvaluation? evaluation = evaluator.Evaluate(projectFile, global, out string? failure);
        string assemblyName = evaluation?.Get("AssemblyName") ?? projectName;
        string assets = evaluation is null
            ? ConventionalAssetsFile(projectDirectory, projectName, artifactsPath)
            : Full(projectDirectory, evaluation.Get("ProjectAssetsFile")
                ?? Path.Combine(evaluation.Get("MSBuildProjectExtensionsPath") ?? "obj", "project.assets.json"));

        var exact = new List<string>();
        var pivotParents = new List<string>();
        var binFolders = new List<string>();
        if (evaluation is not null)
        {
            AddPublishDirs(projectFile, projectDirectory, evaluation, global, exact);
            if (string.Equals(evaluation.Get("UseArtifactsOutput"), "true", StringComparison.OrdinalIgnoreCase) && evaluation.Get("ArtifactsPath") is { } artifacts)
            {
                pivotParents.Add(Path.Combine(Full(projectDirectory, artifacts), "publish", evaluation.Get("ArtifactsProjectName") ?? projectName));
            }
            else if (evaluation.Get("BaseOutputPath") is { } bin)
            {
                binFolders.Add(Full(projectDirectory, bin));
            }
        }
        else
        {
            binFolders.Add(Path.Combine(projectDirectory, "bin"));
            if (FindArtifactsRoot(projectDirectory, artifactsPath) is { } artifacts)
            {
                pivotParents.Add(Path.Combine(artifacts, "publish", projectName));
            }
        }

        IReadOnlyList<string> frameworks = evaluation?.FrameworkReferences ?? [];
        if (publishDirOverride is not null)
        {
            string full = Path.GetFullPath(publishDirOverride);
            PublishDirectory publish = PublishDirectory.TryOpen(full) ?? throw InputResolver.MissingDeps(publishDirOverride);
            if (!File.Exists(assets) && ArtifactsAssetsBeside(full, projectName) is { } beside)
            {
                assets = beside;
            }

            return new ProjectOutputs(assets, publish, [full], frameworks, failure) { TargetFramework = TargetFrameworkOf(evaluation), PublishAot = IsAot(evaluation) };
        }

        var candidates = exact.Select(PublishDirectory.TryOpen)
            .Concat(pivotParents.Where(Directory.Exists).SelectMany(p => Directory.GetDirectories(p).Prepend(p)).Select(PublishDirectory.TryOpen))
            .Concat(binFolders.Where(Directory.Exists).SelectMany(b => Directory.EnumerateDirectories(b, "publish", SearchOption.AllDirectories)).Select(PublishDirectory.TryOpen))
            .OfType<PublishDirectory>()
            .Where(p => string.Equals(p.AppName, assemblyName, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(p => File.GetLastWriteTimeUtc(p.DepsFile))
            .ThenBy(p => p.Path, StringComparer.Ordinal)
            .FirstOrDefault();
        var locations = exact.Concat(pivotParents.Select(p => Path.Combine(p, "*"))).Concat(binFolders.Select(b => Path.Combine(b, "**", "publish")))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new ProjectOutputs(assets, candidates, locations, frameworks, failure) { TargetFramework = TargetFrameworkOf(evaluation), PublishAot = IsAot(evaluation) };
    }

    private static bool IsAot(ProjectEvaluation? evaluation) =>
        string.Equals(evaluation?.Get("PublishAot"), "true", StringComparison.OrdinalIgnoreCase);

    private static string? TargetFrameworkOf(ProjectEvaluation? evaluation) =>
        evaluation?.Get("TargetFramework")
        ?? evaluation?.Get("TargetFrameworks")?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();

    /// <summary>PublishDir as evaluated; for a multi-targeting project, once per target framework.</summary>
    private void AddPublishDirs(string projectFile, string projectDirectory, ProjectEvaluation evaluation, Dictionary<string, string> global, List<string> exact)
    {
        if (evaluation.Get("TargetFramework") is null && evaluation.Get("TargetFrameworks") is { } frameworks)
        {
            foreach (string framework in frameworks.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var inner = new Dictionary<string, string>(global, StringComparer.Ordinal) { ["TargetFramework"] = framework };
                if (evaluator.Evaluate(projectFile, inner, out _)?.Get("PublishDir") is { } dir)
                {
                    exact.Add(Full(projectDirectory, dir));
                }
            }

            return;
        }

        if (evaluation.Get("PublishDir") is { } publishDir)
        {
            exact.Add(Full(projectDirectory, publishDir));
        }
    }

    private static string Full(string projectDirectory, string path) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(projectDirectory, path.Replace('\\', Path.DirectorySeparatorChar))));

    /// <summary>Without MSBuild: obj/ beside the project, else artifacts/obj/&lt;project&gt;/ of the nearest artifacts folder.</summary>
    private static string ConventionalAssetsFile(string projectDirectory, string projectName, string? artifactsPath)
    {
        string classic = Path.Combine(projectDirectory, "obj", "project.assets.json");
        return !File.Exists(classic) && FindArtifactsRoot(projectDirectory, artifactsPath) is { } artifacts
            ? Path.Combine(artifacts, "obj", projectName, "project.assets.json")
            : classic;
    }

    private static string? FindArtifactsRoot(string projectDirectory, string? artifactsPath)
    {
        if (artifactsPath is not null)
        {
            return Path.GetFullPath(artifactsPath);
        }

        for (DirectoryInfo? directory = new(projectDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "artifacts");
            if (Directory.Exists(Path.Combine(candidate, "obj")))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>A publish directory <c>&lt;artifacts&gt;/publish/&lt;project&gt;/&lt;pivot&gt;</c> has its restore output in <c>&lt;artifacts&gt;/obj/&lt;project&gt;</c>.</summary>
    private static string? ArtifactsAssetsBeside(string publishDirectory, string projectName)
    {
        DirectoryInfo pivot = new(Path.TrimEndingDirectorySeparator(publishDirectory));
        if (pivot.Parent is not { } project || project.Parent is not { Name: "publish" } publish || publish.Parent is not { } artifacts)
        {
            return null;
        }

        string candidate = Path.Combine(artifacts.FullName, "obj", string.Equals(project.Name, projectName, StringComparison.OrdinalIgnoreCase) ? project.Name : projectName, "project.assets.json");
        return File.Exists(candidate) ? candidate : null;
    }
}
