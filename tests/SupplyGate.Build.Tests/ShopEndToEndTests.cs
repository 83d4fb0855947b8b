using System.Text.Json;
using SupplyGate.Core.Tests.Interop;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Build.Tests;

/// <summary>
/// One real `dotnet publish` of tests/Samples/Shop (artifacts layout, central package management,
/// TreatWarningsAsErrors, ASP.NET Core, EF Core tools/design with PrivateAssets=all, gRPC and EF meta-packages, a
/// Microsoft.Extensions.* package the shared framework overrides, a project reference), then the CLI on the same
/// project: the MSBuild task and `supplygate sbom` agree, and the required set is what is really in the publish folder.
/// </summary>
[Collection(PublishedSampleCollection.Name)]
[Trait("Category", "e2e")]
public sealed class ShopEndToEndTests(PublishedSampleFixture sample)
{
    private static readonly string[] MetaPackages = ["Grpc.AspNetCore", "Microsoft.EntityFrameworkCore.Sqlite"];

    private static readonly string[] DevelopmentOnly =
    [
        "Microsoft.EntityFrameworkCore.Design", "Microsoft.EntityFrameworkCore.Tools", "Microsoft.Build.Framework", "Humanizer.Core",
        "System.Windows.Extensions",
    ];

    [Fact]
    public void TaskSbom_RequiredSetIsWhatIsReallyInThePublishFolder()
    {
        ShopSample shop = Published();
        (bool valid, string validation) = CycloneDxSchemaValidator.Validate(shop.TaskSbom);
        Assert.True(valid, validation);
        var sbom = new SbomDocument(shop.TaskSbom);

        SortedSet<string> reallyShipped = PublishedPackages.In(shop.PublishDirectory, shop.AssetsFile);
        var withFiles = Packages(sbom, c => c.Scope == "required" && c.Properties.GetValueOrDefault("supplygate:shipped-evidence") == "publish-items");
        Assert.True(reallyShipped.SetEquals(withFiles),
            $"only in the publish folder: {string.Join(", ", reallyShipped.Except(withFiles))}; only in the SBOM: {string.Join(", ", withFiles.Except(reallyShipped))}");
        Assert.True(reallyShipped.Count >= 25, string.Join(", ", reallyShipped));

        foreach (string meta in MetaPackages)
        {
            ComponentView component = sbom.Single(meta);
            Assert.DoesNotContain(reallyShipped, p => p.StartsWith(meta + "/", StringComparison.OrdinalIgnoreCase));
            Assert.Equal("required", component.Scope);
            Assert.Equal("dependencies", component.Properties["supplygate:shipped-evidence"]);
        }

        foreach (string name in DevelopmentOnly)
        {
            ComponentView component = sbom.Single(name);
            Assert.Equal("excluded", component.Scope);
            Assert.Equal("development-dependency", component.Properties["supplygate:excluded-reason"]);
        }

        ComponentView cache = sbom.Single("Microsoft.Extensions.Caching.Memory");
        Assert.Equal("excluded", cache.Scope);
        Assert.Equal("framework-provided", cache.Properties["supplygate:excluded-reason"]);
        Assert.EndsWith("Shop.Data/Shop.Data.csproj", sbom.Single("Shop.Data").Properties["supplygate:project-path"], StringComparison.Ordinal);
    }

    [Fact]
    public void CliOnTheProject_AgreesWithTheTask_ComponentForComponent()
    {
        ShopSample shop = Published();
        string output = Path.Combine(shop.Directory, "cli-project.cdx.json");

        ProcessResult cli = shop.Cli("sbom", shop.ProjectFile, "-o", output, "--reproducible");

        Assert.True(cli.ExitCode == 0, cli.All);
        Assert.DoesNotContain("assets-only", cli.All, StringComparison.Ordinal);
        Assert.Equal(Scopes(new SbomDocument(shop.TaskSbom)), Scopes(new SbomDocument(output)));

        // The solution: the published API is described, the library (never published on its own) is skipped with a note.
        string perProject = Path.Combine(shop.Directory, "sboms");
        Directory.CreateDirectory(perProject);
        ProcessResult solution = shop.Cli("sbom", Path.Combine(shop.Directory, "Shop.slnx"), "-o", perProject, "--reproducible");
        Assert.True(solution.ExitCode == 0, solution.All);
        Assert.Equal("Shop.Api.cdx.json", Path.GetFileName(Assert.Single(Directory.GetFiles(perProject))));
        Assert.Contains("Shop.Data.csproj: no publish output", solution.All, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(output), File.ReadAllBytes(Path.Combine(perProject, "Shop.Api.cdx.json")));

        ProcessResult check = shop.Cli("check", shop.ProjectFile, "--format", "json", "-o", Path.Combine(shop.Directory, "gate-project.json"));
        Assert.True(check.ExitCode is 0 or 1, check.All);
        Assert.DoesNotContain("error SG", check.All, StringComparison.Ordinal);
    }

    [Fact]
    public void CliOnThePublishFolder_AgreesWithTheTaskOnEveryComponentItSees_AndMarksTheProjects()
    {
        ShopSample shop = Published();
        string output = Path.Combine(shop.Directory, "cli-publish.cdx.json");

        ProcessResult cli = shop.Cli("sbom", shop.PublishDirectory, "-o", output);

        Assert.True(cli.ExitCode == 0, cli.All);
        var task = new SbomDocument(shop.TaskSbom);
        var fromDirectory = new SbomDocument(output);
        Assert.Equal(
            Packages(task, c => c.Scope == "required"),
            Packages(fromDirectory, c => c.Scope == "required"));
        Dictionary<string, string> taskScopes = Scopes(task).ToDictionary(s => s.Split(' ')[0], s => s, StringComparer.Ordinal);
        Assert.All(Scopes(fromDirectory), s => Assert.Equal(taskScopes[s.Split(' ')[0]], s));
        Assert.Equal("Shop.Data", fromDirectory.Single("Shop.Data").Properties["supplygate:project-path"]);

        // The app's own project is not a third-party package: no license finding for it.
        ProcessResult check = shop.Cli("check", shop.PublishDirectory, "--format", "json", "-o", Path.Combine(shop.Directory, "gate.json"));
        Assert.True(check.ExitCode is 0 or 1, check.All);
        Assert.DoesNotContain("\"component\": \"Shop.Data", File.ReadAllText(Path.Combine(shop.Directory, "gate.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void AspNetCoreApp_BothSharedFrameworksRequiredOfTheHost_OverriddenPackagesNotShipped_OneHostPatchLinePerChannel()
    {
        ShopSample shop = Published();
        var sbom = new SbomDocument(shop.TaskSbom);

        // The frameworks the runtimeconfig asks for, read independently of SupplyGate.
        using JsonDocument runtimeConfig = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(shop.PublishDirectory, "Shop.Api.runtimeconfig.json")));
        string[] required = runtimeConfig.RootElement.GetProperty("runtimeOptions").GetProperty("frameworks").EnumerateArray()
            .Select(f => $"{f.GetProperty("name").GetString()}/{f.GetProperty("version").GetString()}").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["Microsoft.AspNetCore.App/10.0.0", "Microsoft.NETCore.App/10.0.0"], required);
        ComponentView[] frameworks = sbom.Components.Where(c => c.IsRuntime).OrderBy(c => c.Name, StringComparer.Ordinal).ToArray();
        Assert.Equal(required, frameworks.Select(c => $"{c.Name}/{c.Version}"));
        Assert.All(frameworks, f =>
        {
            Assert.Equal("framework", f.Type);
            Assert.Equal("host", f.Properties["supplygate:dotnet:runtime-provided-by"]);
            Assert.Equal("vers:nuget/>=10.0.0|<11.0.0", f.Properties["supplygate:dotnet:runtime-range"]);
            Assert.False(f.Properties.ContainsKey("supplygate:shipped-evidence"));
        });

        // Every package excluded as framework-provided is in a targeting pack's PackageOverrides.txt and has no
        // file in the publish folder; at least the direct Microsoft.Extensions.Caching.Memory reference is one.
        HashSet<string> overridden = PackageOverrides();
        SortedSet<string> reallyShipped = PublishedPackages.In(shop.PublishDirectory, shop.AssetsFile);
        ComponentView[] provided = sbom.Components.Where(c => c.Properties.GetValueOrDefault("supplygate:excluded-reason") == "framework-provided").ToArray();
        Assert.Contains(provided, c => c.Name == "Microsoft.Extensions.Caching.Memory");
        Assert.All(provided, c =>
        {
            Assert.Equal("excluded", c.Scope);
            Assert.Contains(c.Name, overridden);
            Assert.DoesNotContain($"{c.Name}/{c.Version}", reallyShipped);
        });

        // One SG4015 line for the 10.0 channel naming both frameworks: from the CLI on the publish folder, and
        // from the MSBuild task when the same project is published with the gate on.
        ProcessResult check = shop.Cli("check", shop.PublishDirectory);
        Assert.True(check.ExitCode == 0, check.All);
        string cliLine = Assert.Single(check.Output.Split('\n'), l => l.StartsWith("SG4015 ", StringComparison.Ordinal));
        Assert.Contains("Microsoft.AspNetCore.App, Microsoft.NETCore.App >= 10.0.0", cliLine, StringComparison.Ordinal);
        Assert.DoesNotContain("SG3000", check.All, StringComparison.Ordinal);

        ProcessResult gated = ProcessRunner.Dotnet(shop.Directory, null, "publish", shop.ProjectFile, "--no-restore", "-p:SupplyGateCheckEnabled=true", "-p:UseSharedCompilation=false", "-nodeReuse:false");
        Assert.True(gated.ExitCode == 0, gated.All);
        string taskLine = Assert.Single(gated.Output.Split('\n').Where(l => l.Contains("warning SG4015", StringComparison.Ordinal)).Select(l => l.Trim()).Distinct());
        Assert.Contains("Microsoft.AspNetCore.App, Microsoft.NETCore.App >= 10.0.0", taskLine, StringComparison.Ordinal);
        Assert.DoesNotContain("SG3000", gated.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(gated.Output.Split('\n'), l => l.Contains("SG4002", StringComparison.Ordinal) && l.Contains(".App", StringComparison.Ordinal));
    }

    /// <summary>Package ids the SDK's targeting packs say their shared framework overrides.</summary>
    private static HashSet<string> PackageOverrides()
    {
        string dotnetRoot = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string pack in new[] { "Microsoft.NETCore.App.Ref", "Microsoft.AspNetCore.App.Ref" })
        {
            string[] files = Directory.GetFiles(Path.Combine(dotnetRoot, "packs", pack), "PackageOverrides.txt", SearchOption.AllDirectories)
                .Where(f => f.Contains($"{Path.DirectorySeparatorChar}10.0.", StringComparison.Ordinal)).ToArray();
            Assert.NotEmpty(files);
            ids.UnionWith(files.SelectMany(File.ReadAllLines).Where(l => l.Contains('|', StringComparison.Ordinal)).Select(l => l.Split('|')[0]));
        }

        return ids;
    }

    private ShopSample Published()
    {
        ShopSample shop = sample.Shop;
        Assert.True(shop.Publish.ExitCode == 0, shop.Publish.All);
        Assert.True(File.Exists(shop.TaskSbom), $"no SBOM at {shop.TaskSbom}\n{shop.Publish.Output}");
        return shop;
    }

    private static SortedSet<string> Packages(SbomDocument sbom, Func<ComponentView, bool> filter) =>
        new(sbom.Components
            .Where(c => c.Purl?.StartsWith("pkg:nuget/", StringComparison.Ordinal) == true && !c.IsRuntime && filter(c))
            .Select(c => $"{c.Name}/{c.Version}"),
            StringComparer.OrdinalIgnoreCase);

    /// <summary>Each component as "purl scope reason": the evidence (publish items vs files) may differ, the answer may not.</summary>
    private static List<string> Scopes(SbomDocument sbom) =>
        sbom.Components
            .Select(c => $"{c.BomRef} {c.Scope} {c.Properties.GetValueOrDefault("supplygate:excluded-reason")}")
            .Order(StringComparer.Ordinal)
            .ToList();
}
