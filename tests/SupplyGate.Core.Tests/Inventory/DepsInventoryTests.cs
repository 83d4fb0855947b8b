using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.NuGet;
using SupplyGate.Core.Sbom;
using static SupplyGate.Core.Tests.Inventory.InventoryTestSupport;

namespace SupplyGate.Core.Tests.Inventory;

/// <summary>deps.json-only mode (a publish directory) and runtimeconfig handling, over real deps.json files.</summary>
[Trait("Category", "unit")]
public sealed class DepsInventoryTests
{
    [Theory]
    [InlineData("syft__net8-app-single-file.deps.json")]
    [InlineData("syft__TestLibrary.deps.json")]
    [InlineData("syft__MyApp-referenceassembly.deps.json")]
    [InlineData("trivy__datacollector.deps.json")]
    [InlineData("trivy__happy.deps.json")]
    [InlineData("trivy__multi-project.deps.json")]
    [InlineData("trivy__self-contained.deps.json")]
    [InlineData("trivy__without-runtime.deps.json")]
    public void Every_deps_json_package_is_a_component_and_those_with_assets_ship(string file)
    {
        // The deps.json sits alone in the fixtures folder (none of its files beside it): what it lists assets for
        // counts as published; entries without assets ship only as meta-packages of shipped dependencies.
        string path = Deps(file);
        NuGetInventoryResult result = NuGetInventory.Build(new NuGetInventoryRequest { PublishDepsFilePath = path }, new FakeNuspecSource());

        var packages = result.Bom.NuGetPackages().ToList();
        Assert.True(PackagesInDeps(path).SetEquals(packages.Select(c => c.Name + "/" + c.Version)));
        SortedSet<string> withAssets = PackagesWithAssetsInDeps(path);
        Assert.Equal(withAssets, new SortedSet<string>(
            packages.Where(c => c.GetProperty(PropertyNames.ShippedEvidence) == "deps.json").Select(c => c.Name + "/" + c.Version),
            StringComparer.OrdinalIgnoreCase));
        Assert.All(packages.Where(c => !withAssets.Contains(c.Name + "/" + c.Version)), c =>
            Assert.True(
                c.Scope == ComponentScopes.Excluded || c.GetProperty(PropertyNames.ShippedEvidence) == "dependencies",
                $"{c.Name} has no asset in deps.json, yet is {c.Scope} ({c.GetProperty(PropertyNames.ShippedEvidence)})"));
        Assert.All(packages, c => Assert.Equal(Hash.Sha512, Assert.Single(c.Hashes).Alg));
        Assert.DoesNotContain(result.Bom.Components, c => c.Name.StartsWith("Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal));
        AssertEveryRefResolves(result.Bom);
    }

    [Fact]
    public void Self_contained_deps_json_gives_runtime_pack_components()
    {
        NuGetInventoryResult result = NuGetInventory.Build(
            new NuGetInventoryRequest { PublishDepsFilePath = Deps("trivy__self-contained.deps.json") }, new FakeNuspecSource());

        List<Component> runtime = result.Bom.Components.Where(c => c.GetProperty(PropertyNames.DotNetRuntime) == "true").OrderBy(c => c.Name).ToList();
        Assert.Equal(["Microsoft.AspNetCore.App.Runtime.linux-x64", "Microsoft.NETCore.App.Runtime.linux-x64"], runtime.Select(c => c.Name));
        Assert.All(runtime, c =>
        {
            Assert.Equal(ComponentTypes.Framework, c.Type);
            Assert.Equal("8.0.0", c.Version);
            Assert.Equal($"pkg:nuget/{c.Name}@8.0.0", c.Purl);
            Assert.Equal(ComponentScopes.Required, c.Scope);
        });

        Component app = result.Bom.Metadata!.Component!;
        Assert.Equal(("ExampleApp1", "1.0.0"), (app.Name, app.Version));
        Dependency root = Assert.Single(result.Bom.Dependencies, d => d.Ref == app.BomRef);
        Assert.Equal(3, root.DependsOn.Count);
        Assert.Contains(result.Bom.Properties, p => p.Name == PropertyNames.SelfContained && p.Value == "true");
        Assert.Contains(result.Bom.Properties, p => p.Name == PropertyNames.RuntimeIdentifier && p.Value == "linux-x64");
    }

    [Fact]
    public void Framework_dependent_deps_json_has_no_runtime_pack_and_runtimeconfig_gives_the_shared_framework()
    {
        using var dir = new TempDirectory();
        string runtimeConfig = dir.Write("hello2.runtimeconfig.json", """
            {"runtimeOptions": {"tfm": "net6.0", "framework": {"name": "Microsoft.NETCore.App", "version": "6.0.0"}}}
            """);

        NuGetInventoryResult result = NuGetInventory.Build(
            new NuGetInventoryRequest { PublishDepsFilePath = Deps("trivy__without-runtime.deps.json"), RuntimeConfigFilePath = runtimeConfig },
            new FakeNuspecSource());

        Assert.DoesNotContain(result.Bom.Components, c => c.Name.Contains(".Runtime.", StringComparison.Ordinal));
        Component framework = Assert.Single(result.Bom.Components, c => c.GetProperty(PropertyNames.DotNetRuntime) == "true");
        Assert.Equal(("Microsoft.NETCore.App", "6.0.0", "pkg:generic/Microsoft.NETCore.App@6.0.0"), (framework.Name, framework.Version, framework.Purl));
        Assert.Equal(ComponentTypes.Framework, framework.Type);
        Assert.Equal("minimum", framework.GetProperty(PropertyNames.RuntimeVersionKind));
        Assert.Equal(ComponentScopes.Required, framework.Scope);
        Assert.Contains(framework.BomRef!, Assert.Single(result.Bom.Dependencies, d => d.Ref == result.Bom.Metadata!.Component!.BomRef).DependsOn);
        Assert.Contains(result.Bom.Properties, p => p.Name == PropertyNames.SelfContained && p.Value == "false");
        Assert.Contains(result.Bom.Properties, p => p.Name == PropertyNames.InventoryInputs && p.Value == "trivy__without-runtime.deps.json;hello2.runtimeconfig.json");
        AssertEveryRefResolves(result.Bom);
    }

    [Fact]
    public void Self_contained_publish_of_a_framework_dependent_build_ships_the_resolved_runtime_packs_not_a_minimum_framework()
    {
        // A PublishAot app's `dotnet build` is framework-dependent; its `publish --no-build` is self-contained and
        // compiles the runtime pack in. deps.json and runtimeconfig still describe the build.
        using var dir = new TempDirectory();
        string runtimeConfig = dir.Write("hello2.runtimeconfig.json", """
            {"runtimeOptions": {"tfm": "net10.0", "framework": {"name": "Microsoft.NETCore.App", "version": "10.0.0"}}}
            """);
        var request = new NuGetInventoryRequest
        {
            PublishDepsFilePath = Deps("trivy__without-runtime.deps.json"),
            RuntimeConfigFilePath = runtimeConfig,
            RuntimeIdentifier = "linux-x64",
            SelfContained = true,
            RuntimePacks = [new RuntimePackReference("Microsoft.NETCore.App.Runtime.linux-x64", "10.0.12")],
        };

        NuGetInventoryResult result = NuGetInventory.Build(request, new FakeNuspecSource());

        Component runtime = Assert.Single(result.Bom.Components, c => c.GetProperty(PropertyNames.DotNetRuntime) == "true");
        Assert.Equal(("Microsoft.NETCore.App.Runtime.linux-x64", "10.0.12", "pkg:nuget/Microsoft.NETCore.App.Runtime.linux-x64@10.0.12"), (runtime.Name, runtime.Version, runtime.Purl));
        Assert.Equal(ComponentScopes.Required, runtime.Scope);
        Assert.Null(runtime.GetProperty(PropertyNames.RuntimeVersionKind));
        Assert.Contains(runtime.BomRef!, Assert.Single(result.Bom.Dependencies, d => d.Ref == result.Bom.Metadata!.Component!.BomRef).DependsOn);
        Assert.Contains(result.Bom.Properties, p => p.Name == PropertyNames.SelfContained && p.Value == "true");
        AssertEveryRefResolves(result.Bom);

        // Framework-dependent, the same packs are ignored: the runtimeconfig's minimum framework is what runs.
        NuGetInventoryResult dependent = NuGetInventory.Build(request with { SelfContained = false }, new FakeNuspecSource());
        Component framework = Assert.Single(dependent.Bom.Components, c => c.GetProperty(PropertyNames.DotNetRuntime) == "true");
        Assert.Equal(("Microsoft.NETCore.App", "10.0.0", "minimum"), (framework.Name, framework.Version, framework.GetProperty(PropertyNames.RuntimeVersionKind)));
    }

    [Fact]
    public void Runtimeconfig_frameworks_array_gives_each_shared_framework()
    {
        using var dir = new TempDirectory();
        string runtimeConfig = dir.Write("web.runtimeconfig.json", """
            {"runtimeOptions": {"tfm": "net8.0", "frameworks": [
              {"name": "Microsoft.NETCore.App", "version": "8.0.0"},
              {"name": "Microsoft.AspNetCore.App", "version": "8.0.0"}]}}
            """);

        NuGetInventoryResult result = NuGetInventory.Build(
            new NuGetInventoryRequest { PublishDepsFilePath = Deps("trivy__happy.deps.json"), RuntimeConfigFilePath = runtimeConfig },
            new FakeNuspecSource());

        Assert.Equal(
            ["pkg:generic/Microsoft.AspNetCore.App@8.0.0", "pkg:generic/Microsoft.NETCore.App@8.0.0"],
            result.Bom.Components.Where(c => c.GetProperty(PropertyNames.DotNetRuntime) == "true").Select(c => c.Purl).Order());
    }

    [Fact]
    public void Project_libraries_in_deps_json_are_components_and_edges_follow_the_target()
    {
        NuGetInventoryResult result = NuGetInventory.Build(
            new NuGetInventoryRequest { PublishDepsFilePath = Deps("trivy__multi-project.deps.json") }, new FakeNuspecSource());

        Assert.Equal("Web", result.Bom.Metadata!.Component!.Name);
        Component api = result.Bom.Named("Api");
        Component data = result.Bom.Named("Data");
        Assert.Equal("pkg:generic/Api@1.0.0", api.Purl);
        Assert.Equal(ComponentScopes.Required, data.Scope);
        Assert.Equal([data.BomRef!], Assert.Single(result.Bom.Dependencies, d => d.Ref == api.BomRef).DependsOn);
        Assert.Equal("direct", api.GetProperty(PropertyNames.DependencyKind));
        Assert.Equal("transitive", data.GetProperty(PropertyNames.DependencyKind));
    }

    [Fact]
    public void A_missing_deps_file_is_SG1003()
    {
        string path = Path.Combine(Path.GetTempPath(), "sg-missing-" + Environment.ProcessId, "App.deps.json");
        var ex = Assert.Throws<InvalidInputException>(() => NuGetInventory.Build(new NuGetInventoryRequest { PublishDepsFilePath = path }));
        Assert.Equal(DiagnosticCode.DepsFileMissing, ex.Code);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);

        var none = Assert.Throws<InvalidInputException>(() => NuGetInventory.Build(new NuGetInventoryRequest()));
        Assert.Equal(DiagnosticCode.DepsFileMissing, none.Code);
    }

    [Theory]
    [InlineData("{\"libraries\": {\"A/1.0\": }")]
    [InlineData("{\"targets\": {}}")]
    [InlineData("{\"libraries\": {\"NoSlash\": {\"type\": \"package\"}}}")]
    public void A_corrupt_deps_file_is_SG1004(string content)
    {
        using var dir = new TempDirectory();
        string path = dir.Write("App.deps.json", content);
        var ex = Assert.Throws<InvalidInputException>(() => NuGetInventory.Build(new NuGetInventoryRequest { PublishDepsFilePath = path }));
        Assert.Equal(DiagnosticCode.DepsFileInvalid, ex.Code);
        Assert.Equal(path, ex.Path);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_runtimeconfig_is_SG1008()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("App.runtimeconfig.json", "{\"runtimeOptions\": ");
        var ex = Assert.Throws<InvalidInputException>(() => NuGetInventory.Build(
            new NuGetInventoryRequest { PublishDepsFilePath = Deps("trivy__happy.deps.json"), RuntimeConfigFilePath = path }));
        Assert.Equal(DiagnosticCode.RuntimeConfigInvalid, ex.Code);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }
}
