using System.Text.Json.Nodes;
using SupplyGate.Core.Inventory.NuGet;
using SupplyGate.Core.Sbom;
using static SupplyGate.Core.Tests.Inventory.InventoryTestSupport;

namespace SupplyGate.Core.Tests.Inventory;

/// <summary>
/// The real sample: tests/Samples/SampleApp published self-contained for linux-x64 (Fixtures/nuget/sampleapp).
/// The publish SBOM's assertions, checked against the engine rather than through MSBuild.
/// </summary>
[Trait("Category", "integration")]
public sealed class SampleAppInventoryTests
{
    private static readonly string AssetsPath = Fixture("sampleapp", "project.assets.json");
    private static readonly string DepsPath = Fixture("sampleapp", "SampleApp.deps.json");
    private static readonly string RuntimeConfigPath = Fixture("sampleapp", "SampleApp.runtimeconfig.json");

    private static NuGetInventoryResult Build(FakeNuspecSource? nuspecs = null) => NuGetInventory.Build(
        new NuGetInventoryRequest
        {
            AssetsFilePath = AssetsPath,
            TargetFramework = "net10.0",
            RuntimeIdentifier = "linux-x64",
            PublishDepsFilePath = DepsPath,
            RuntimeConfigFilePath = RuntimeConfigPath,
        },
        nuspecs ?? new FakeNuspecSource());

    [Fact]
    public void Required_NuGet_packages_are_exactly_the_deps_json_packages()
    {
        Bom bom = Build().Bom;

        var required = bom.NuGetPackages().Where(c => c.Scope == ComponentScopes.Required).Select(c => c.Name + "/" + c.Version);
        Assert.Equal(PackagesInDeps(DepsPath), required.Order(StringComparer.OrdinalIgnoreCase));
        Assert.All(bom.NuGetPackages().Where(c => c.Scope == ComponentScopes.Required), c => Assert.Equal("deps.json", c.GetProperty(PropertyNames.ShippedEvidence)));

        // Everything resolved in the target is a component, shipped or not.
        Assert.True(PackagesInTarget(AssetsPath, "net10.0/linux-x64").SetEquals(bom.NuGetPackages().Select(c => c.Name + "/" + c.Version)));
    }

    [Fact]
    public void Not_shipped_packages_are_excluded_with_the_reason()
    {
        Bom bom = Build().Bom;

        Component stj = bom.Named("System.Text.Json");
        Assert.Equal(("8.0.0", ComponentScopes.Excluded), (stj.Version, stj.Scope));
        Assert.Equal(ExcludedReasons.FrameworkProvided, stj.GetProperty(PropertyNames.ExcludedReason));
        Assert.Equal("direct", stj.GetProperty(PropertyNames.DependencyKind));

        foreach ((string name, string version) in new[] { ("Microsoft.Data.SqlClient.SNI.runtime", "2.1.1"), ("Microsoft.NETCore.Platforms", "3.1.0") })
        {
            Component component = bom.Named(name);
            Assert.Equal((version, ComponentScopes.Excluded), (component.Version, component.Scope));
            Assert.Equal(ExcludedReasons.NotPublished, component.GetProperty(PropertyNames.ExcludedReason));
            Assert.Equal("transitive", component.GetProperty(PropertyNames.DependencyKind));
        }
    }

    [Fact]
    public void The_runtime_pack_and_the_project_reference_are_components()
    {
        NuGetInventoryResult result = Build();
        Bom bom = result.Bom;

        Component runtime = Assert.Single(bom.Components, c => c.GetProperty(PropertyNames.DotNetRuntime) == "true");
        Assert.Equal(("Microsoft.NETCore.App.Runtime.linux-x64", "10.0.12"), (runtime.Name, runtime.Version));
        Assert.Equal(("pkg:nuget/Microsoft.NETCore.App.Runtime.linux-x64@10.0.12", ComponentTypes.Framework), (runtime.Purl, runtime.Type));
        Assert.Equal(ComponentScopes.Required, runtime.Scope);

        Component lib = bom.Named("SampleLib");
        Assert.Equal(("1.2.0", "pkg:generic/SampleLib@1.2.0", ComponentTypes.Library), (lib.Version, lib.Purl, lib.Type));
        Assert.Equal(ComponentScopes.Required, lib.Scope);
        Assert.Equal("../SampleLib/SampleLib.csproj", lib.GetProperty(PropertyNames.ProjectPath));
        Assert.Equal("direct", lib.GetProperty(PropertyNames.DependencyKind));

        Component app = bom.Metadata!.Component!;
        Assert.Equal(("SampleApp", "1.0.0", "pkg:generic/SampleApp@1.0.0"), (app.Name, app.Version, app.BomRef));
        Assert.Equal(
            new[] { "Microsoft.Data.SqlClient", "Newtonsoft.Json", "SampleLib", "System.Text.Json", runtime.Name }.Order(StringComparer.Ordinal),
            Assert.Single(bom.Dependencies, d => d.Ref == app.BomRef).DependsOn.Select(r => bom.Components.Single(c => c.BomRef == r).Name).Order(StringComparer.Ordinal));

        Assert.Equal(bom.Components.Count, result.ComponentCount);
        Assert.Equal(PackagesInDeps(DepsPath).Count + 2, result.ShippedCount); // + runtime pack + SampleLib
        Assert.Equal(
            ["net10.0", "linux-x64", "true", "project.assets.json;SampleApp.deps.json;SampleApp.runtimeconfig.json"],
            new[] { PropertyNames.TargetFramework, PropertyNames.RuntimeIdentifier, PropertyNames.SelfContained, PropertyNames.InventoryInputs }
                .Select(n => Assert.Single(bom.Properties, p => p.Name == n).Value));
    }

    [Fact]
    public void The_graph_leads_from_the_app_through_SqlClient_to_Identity_Client_and_every_ref_resolves()
    {
        Bom bom = Build().Bom;
        AssertEveryRefResolves(bom);

        Dictionary<string, IReadOnlyList<string>> graph = bom.Dependencies.ToDictionary(d => d.Ref, d => d.DependsOn);
        string app = bom.Metadata!.Component!.BomRef!;
        string sqlClient = "pkg:nuget/Microsoft.Data.SqlClient@2.1.4";
        string identity = "pkg:nuget/Microsoft.Identity.Client@4.21.1";
        Assert.Contains(sqlClient, graph[app]);
        Assert.Contains(identity, graph[sqlClient]);
        Assert.Empty(graph[identity]); // a leaf still has an entry
        Assert.Contains("pkg:nuget/Microsoft.Data.SqlClient.SNI.runtime@2.1.1", graph[sqlClient]); // from the assets graph
    }

    [Fact]
    public void Nuspecs_are_looked_up_for_every_package_and_used()
    {
        var nuspecs = new FakeNuspecSource().With("Newtonsoft.Json", new NuspecInfo([new License { Name = "see URL", Url = "https://raw.github.com/JamesNK/Newtonsoft.Json/master/LICENSE.md" }], false));
        NuGetInventoryResult result = Build(nuspecs);

        Assert.Equal(PackagesInTarget(AssetsPath, "net10.0/linux-x64").Count + 1, nuspecs.Lookups.Count); // + runtime pack
        License license = Assert.IsType<License>(Assert.Single(result.Bom.Named("Newtonsoft.Json").Licenses));
        Assert.Equal("see URL", license.Name);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Publish_items_are_evidence_too()
    {
        NuGetInventoryResult result = NuGetInventory.Build(
            new NuGetInventoryRequest
            {
                AssetsFilePath = AssetsPath,
                TargetFramework = "net10.0",
                RuntimeIdentifier = "linux-x64",
                PublishedFiles = [new PublishedPackageFile("newtonsoft.json", "12.0.1", "Newtonsoft.Json.dll")],
            },
            new FakeNuspecSource());

        Component newtonsoft = result.Bom.Named("Newtonsoft.Json");
        Assert.Equal(ComponentScopes.Required, newtonsoft.Scope);
        Assert.Equal("publish-items", newtonsoft.GetProperty(PropertyNames.ShippedEvidence));
        Assert.Equal(ExcludedReasons.NotPublished, result.Bom.Named("Microsoft.Data.SqlClient").GetProperty(PropertyNames.ExcludedReason));
        Assert.Equal(ExcludedReasons.NotPublished, result.Bom.Named("SampleLib").GetProperty(PropertyNames.ExcludedReason));
    }

    [Fact]
    public void Framework_overrides_mark_packages_framework_provided()
    {
        NuGetInventoryResult result = NuGetInventory.Build(
            new NuGetInventoryRequest
            {
                AssetsFilePath = AssetsPath,
                TargetFramework = "net10.0",
                PublishDepsFilePath = DepsPath,
                FrameworkOverrides = FrameworkPackageOverride.Parse("Microsoft.NETCore.Platforms|5.0.0\nOther|1.0.0"),
            },
            new FakeNuspecSource());

        Assert.Equal(ExcludedReasons.FrameworkProvided, result.Bom.Named("Microsoft.NETCore.Platforms").GetProperty(PropertyNames.ExcludedReason));
        Assert.Equal(ComponentScopes.Required, result.Bom.Named("Newtonsoft.Json").Scope);
    }

    [Fact]
    public void PrivateAssets_all_and_developmentDependency_make_development_dependencies()
    {
        // The sample's assets file with Microsoft.Data.SqlClient marked PrivateAssets=all (suppressParent All).
        JsonNode assets = JsonNode.Parse(File.ReadAllText(AssetsPath))!;
        assets["project"]!["frameworks"]!["net10.0"]!["dependencies"]!["Microsoft.Data.SqlClient"]!["suppressParent"] = "All";
        using var dir = new TempDirectory();
        string path = dir.Write("project.assets.json", assets.ToJsonString());

        var nuspecs = new FakeNuspecSource().With("Newtonsoft.Json", new NuspecInfo([], DevelopmentDependency: true));
        NuGetInventoryResult result = NuGetInventory.Build(
            new NuGetInventoryRequest { AssetsFilePath = path, TargetFramework = "net10.0" }, nuspecs);
        Bom bom = result.Bom;

        foreach (string name in new[] { "Microsoft.Data.SqlClient", "Microsoft.Identity.Client", "System.Drawing.Common", "Microsoft.NETCore.Platforms", "Newtonsoft.Json" })
        {
            Assert.Equal(ExcludedReasons.DevelopmentDependency, bom.Named(name).GetProperty(PropertyNames.ExcludedReason));
        }

        Assert.Equal(ExcludedReasons.FrameworkProvided, bom.Named("System.Text.Json").GetProperty(PropertyNames.ExcludedReason));
        Assert.Equal("assets-only", bom.Named("SampleLib").GetProperty(PropertyNames.ShippedEvidence));
    }

    [Fact]
    public void The_union_of_both_targets_lists_both_target_keys()
    {
        Bom bom = NuGetInventory.Build(new NuGetInventoryRequest { AssetsFilePath = AssetsPath }, new FakeNuspecSource()).Bom;

        Component newtonsoft = bom.Named("Newtonsoft.Json");
        Assert.Equal(["net10.0", "net10.0/linux-x64"], newtonsoft.Properties.Where(p => p.Name == PropertyNames.NuGetTarget).Select(p => p.Value));
        Assert.DoesNotContain(bom.Components, c => c.Name.StartsWith("Microsoft.AspNetCore.App.Runtime", StringComparison.Ordinal)); // downloadDependencies
        Assert.Equal(20 - 1, bom.NuGetPackages().Count()); // 20 libraries per target, one of them the project
    }
}
