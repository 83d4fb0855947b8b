using System.Text.Json;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.NuGet;
using SupplyGate.Core.Sbom;
using static SupplyGate.Core.Tests.Inventory.InventoryTestSupport;

namespace SupplyGate.Core.Tests.Inventory;

/// <summary>Assets-only inventory over the real project.assets.json files in Fixtures/nuget/assets.</summary>
[Trait("Category", "unit")]
public sealed class AssetsInventoryTests
{
    [Theory]
    [InlineData("component-detection__project.assets_2_1_web.json", "netcoreapp2.1", null, ".NETCoreApp,Version=v2.1", 277)]
    [InlineData("component-detection__project.assets_1_1_web.json", "netcoreapp1.1", null, ".NETCoreApp,Version=v1.1", 169)]
    [InlineData("component-detection__project.assets_1_1_console.json", "netcoreapp1.1", null, ".NETCoreApp,Version=v1.1", 123)]
    [InlineData("component-detection__project_assets_2_2.json", "netcoreapp2.2", null, ".NETCoreApp,Version=v2.2", null)]
    [InlineData("component-detection__project_assets_2_2.json", "netcoreapp2.2", "linux-x64", ".NETCoreApp,Version=v2.2/linux-x64", null)]
    [InlineData("component-detection__project_assets_2_2.json", "netcoreapp2.2", "osx-x64", ".NETCoreApp,Version=v2.2/osx-x64", null)]
    [InlineData("component-detection__project_assets_2_2_additional.json", "netcoreapp2.2", null, ".NETCoreApp,Version=v2.2", null)]
    [InlineData("component-detection__project_assets_3_1.json", "netcoreapp3.1", null, ".NETCoreApp,Version=v3.1", null)]
    [InlineData("component-detection__project_assets_6_0_8_0_multi_framework.json", "net6.0", null, "net6.0", 3)]
    [InlineData("component-detection__project_assets_6_0_8_0_multi_framework.json", "net8.0", null, "net8.0", 3)]
    [InlineData("component-detection__project_assets_8_0_web.json", "net8.0", null, "net8.0", 6)]
    [InlineData("component-detection__project_assets_packageDownload.json", "net8.0", null, "net8.0", 0)]
    [InlineData("component-detection__project_assets_packageDownload.json", "net472", null, ".NETFramework,Version=v4.7.2", 0)]
    [InlineData("component-detection__verification_multi_tfm.project.assets.json", "net40", null, ".NETFramework,Version=v4.0", null)]
    [InlineData("component-detection__verification_multi_tfm.project.assets.json", "net45", null, ".NETFramework,Version=v4.5", null)]
    [InlineData("component-detection__verification_multi_tfm.project.assets.json", "netstandard1.4", null, ".NETStandard,Version=v1.4", null)]
    [InlineData("osv-scalibr__NuGet.Common.project.assets.json", "net472", null, ".NETFramework,Version=v4.7.2", null)]
    [InlineData("osv-scalibr__NuGet.Common.project.assets.json", "netstandard2.0", null, ".NETStandard,Version=v2.0", null)]
    public void Package_count_per_target_matches_an_independent_count(string file, string tfm, string? rid, string targetKey, int? knownCount)
    {
        string path = Assets(file);
        SortedSet<string> expected = PackagesInTarget(path, targetKey);
        if (knownCount is { } known)
        {
            Assert.Equal(known, expected.Count); // the README's numbers, as a sanity check on the counter
        }

        NuGetInventoryResult result = NuGetInventory.Build(
            new NuGetInventoryRequest { AssetsFilePath = path, TargetFramework = tfm, RuntimeIdentifier = rid },
            new FakeNuspecSource());

        var actual = result.Bom.NuGetPackages().Select(c => c.Name + "/" + c.Version).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.True(expected.SetEquals(actual), $"expected {expected.Count}, got {actual.Count}");
        Assert.All(result.Bom.NuGetPackages(), c => Assert.Equal(targetKey, c.GetProperty(PropertyNames.NuGetTarget)));
        Assert.Empty(result.Warnings);
        AssertEveryRefResolves(result.Bom);
    }

    [Theory]
    [InlineData("component-detection__project_assets_2_2.json")]
    [InlineData("component-detection__verification_multi_tfm.project.assets.json")]
    [InlineData("osv-scalibr__NuGet.Common.project.assets.json")]
    [InlineData("component-detection__project_assets_6_0_8_0_multi_framework.json")]
    public void No_target_framework_gives_the_union_of_all_targets(string file)
    {
        string path = Assets(file);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        var expected = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (JsonProperty target in doc.RootElement.GetProperty("targets").EnumerateObject())
        {
            expected.UnionWith(PackagesInTarget(path, target.Name));
        }

        NuGetInventoryResult result = NuGetInventory.Build(new NuGetInventoryRequest { AssetsFilePath = path }, new FakeNuspecSource());

        Assert.True(expected.SetEquals(result.Bom.NuGetPackages().Select(c => c.Name + "/" + c.Version)));
        AssertEveryRefResolves(result.Bom);
    }

    [Fact]
    public void Assets_only_mode_marks_packages_required_with_assets_only_evidence_and_hashes_them()
    {
        string path = Assets("component-detection__project.assets_2_1_web.json");
        NuGetInventoryResult result = NuGetInventory.Build(
            new NuGetInventoryRequest { AssetsFilePath = path, TargetFramework = "netcoreapp2.1" }, new FakeNuspecSource());

        Assert.Equal(277, result.ComponentCount);
        Component app = result.Bom.Metadata!.Component!;
        Assert.Equal(("aspnet21", "1.0.0", "pkg:generic/aspnet21@1.0.0", ComponentTypes.Application), (app.Name, app.Version, app.BomRef, app.Type));

        // Microsoft.NETCore.App is a plain auto-referenced direct package: shipped as far as assets can tell.
        Component netCoreApp = result.Bom.Named("Microsoft.NETCore.App");
        Assert.Equal("direct", netCoreApp.GetProperty(PropertyNames.DependencyKind));
        Assert.Equal("assets-only", netCoreApp.GetProperty(PropertyNames.ShippedEvidence));
        Assert.Equal(ComponentScopes.Required, netCoreApp.Scope);
        Assert.Equal("pkg:nuget/Microsoft.NETCore.App@2.1.0", netCoreApp.Purl);
        Assert.Equal("true", netCoreApp.GetProperty(PropertyNames.NuGetAutoReferenced));

        // Microsoft.AspNetCore.App carries suppressParent All (PrivateAssets=all): without publish evidence it and
        // what only it brings in are development-only.
        Component aspNetCoreApp = result.Bom.Named("Microsoft.AspNetCore.App");
        Assert.Equal(ComponentScopes.Excluded, aspNetCoreApp.Scope);
        Assert.Equal(ExcludedReasons.DevelopmentDependency, aspNetCoreApp.GetProperty(PropertyNames.ExcludedReason));
        Assert.Equal(
            ExcludedReasons.DevelopmentDependency,
            result.Bom.Named("Microsoft.AspNetCore.Mvc").GetProperty(PropertyNames.ExcludedReason));
        Assert.Equal(277, result.ShippedCount + result.Bom.Components.Count(c => c.Scope == ComponentScopes.Excluded));
        Assert.InRange(result.ShippedCount, 1, 276);

        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        string base64 = doc.RootElement.GetProperty("libraries").GetProperty("Microsoft.AspNetCore.App/2.1.1").GetProperty("sha512").GetString()!;
        Hash hash = Assert.Single(aspNetCoreApp.Hashes);
        Assert.Equal(Hash.Sha512, hash.Alg);
        Assert.Equal(Convert.ToHexStringLower(Convert.FromBase64String(base64)), hash.Content);
        Assert.Equal([new LicenseExpression("MIT")], aspNetCoreApp.Licenses);

        Dependency root = Assert.Single(result.Bom.Dependencies, d => d.Ref == app.BomRef);
        Assert.Equal([aspNetCoreApp.BomRef!, netCoreApp.BomRef!], root.DependsOn);
        Assert.Contains(result.Bom.Properties, p => p.Name == PropertyNames.TargetFramework && p.Value == "netcoreapp2.1");
        Assert.Contains(result.Bom.Properties, p => p.Name == PropertyNames.InventoryInputs && p.Value == "component-detection__project.assets_2_1_web.json");
    }

    [Fact]
    public void Project_references_become_library_components_with_generic_purls()
    {
        string path = Assets("component-detection__project_assets_2_2_additional.json");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        List<(string Name, string Path)> projects = doc.RootElement.GetProperty("libraries").EnumerateObject()
            .Where(l => l.Value.GetProperty("type").GetString() == "project")
            .Select(l => (l.Name.Split('/')[0] + "@" + l.Name.Split('/')[1], l.Value.GetProperty("path").GetString()!.Replace('\\', '/')))
            .ToList();
        Assert.NotEmpty(projects);

        NuGetInventoryResult result = NuGetInventory.Build(
            new NuGetInventoryRequest { AssetsFilePath = path, TargetFramework = "netcoreapp2.2" }, new FakeNuspecSource());

        foreach ((string nameAtVersion, string projectPath) in projects)
        {
            Component component = Assert.Single(result.Bom.Components, c => c.Purl == "pkg:generic/" + nameAtVersion);
            Assert.Equal(ComponentTypes.Library, component.Type);
            Assert.Equal(projectPath, component.GetProperty(PropertyNames.ProjectPath));
        }
    }

    [Fact]
    public void An_unknown_target_is_SG1007_naming_the_available_targets()
    {
        string path = Assets("component-detection__project_assets_6_0_8_0_multi_framework.json");
        var ex = Assert.Throws<InvalidInputException>(() => NuGetInventory.Build(
            new NuGetInventoryRequest { AssetsFilePath = path, TargetFramework = "net9.0" }, new FakeNuspecSource()));

        Assert.Equal(DiagnosticCode.TargetNotFound, ex.Code);
        Assert.Contains("'net6.0'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'net8.0'", ex.Message, StringComparison.Ordinal);

        var rid = Assert.Throws<InvalidInputException>(() => NuGetInventory.Build(
            new NuGetInventoryRequest { AssetsFilePath = path, TargetFramework = "net8.0", RuntimeIdentifier = "linux-x64" }, new FakeNuspecSource()));
        Assert.Equal(DiagnosticCode.TargetNotFound, rid.Code);
    }

    [Fact]
    public void A_missing_assets_file_is_SG1001_and_says_to_restore()
    {
        string path = Path.Combine(Path.GetTempPath(), "sg-missing-" + Environment.ProcessId, "project.assets.json");
        var ex = Assert.Throws<InvalidInputException>(() => NuGetInventory.Build(new NuGetInventoryRequest { AssetsFilePath = path }));

        Assert.Equal(DiagnosticCode.AssetsFileMissing, ex.Code);
        Assert.Equal(path, ex.Path);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet restore", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\n  \"version\": 3,\n  \"targets\": {\n    oops\n}")]
    [InlineData("[1, 2]")]
    [InlineData("{\"version\": 3}")]
    [InlineData("{\"targets\": {}}")]
    public void A_corrupt_assets_file_is_SG1002_with_the_path(string content)
    {
        using var dir = new TempDirectory();
        string path = dir.Write("project.assets.json", content);

        var ex = Assert.Throws<InvalidInputException>(() => NuGetInventory.Build(new NuGetInventoryRequest { AssetsFilePath = path }));

        Assert.Equal(DiagnosticCode.AssetsFileInvalid, ex.Code);
        Assert.Equal(path, ex.Path);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        if (content.StartsWith('{') && content.Contains("oops", StringComparison.Ordinal))
        {
            Assert.Contains("line 4", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Cancellation_is_observed()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => NuGetInventory.Build(
            new NuGetInventoryRequest { AssetsFilePath = Assets("component-detection__project.assets_2_1_web.json") },
            new FakeNuspecSource(),
            cts.Token));
    }
}

/// <summary>A temporary directory removed on dispose.</summary>
[Trait("Category", "unit")]
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("sg-inv-").FullName;
    }

    public string Path { get; }

    public string Write(string relative, string content)
    {
        string full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
