using NuGet.Versioning;
using SupplyGate.Core.Inventory.NuGet;
using SupplyGate.Core.Sbom;
using Scratch = SupplyGate.Tests.Shared.TempDirectory;

namespace SupplyGate.Core.Tests.Inventory;

/// <summary>
/// What ships is what is in the publish output: deps.json entries without a published file, development-only
/// packages, meta-packages and framework-provided packages, the same with publish items and with a publish directory.
/// The deps.json is shaped like a real ASP.NET Core app's with EF Core design-time packages.
/// </summary>
[Trait("Category", "unit")]
public sealed class ShippingEvidenceTests
{
    private const string DepsJson = """
        {
          "runtimeTarget": { "name": ".NETCoreApp,Version=v10.0" },
          "targets": {
            ".NETCoreApp,Version=v10.0": {
              "Shop.Api/1.0.0": { "dependencies": { "Grpc.AspNetCore": "2.71.0", "Microsoft.EntityFrameworkCore.Design": "10.0.1", "Shop.Data": "1.0.0" }, "runtime": { "Shop.Api.dll": {} } },
              "Grpc.AspNetCore/2.71.0": { "dependencies": { "Grpc.AspNetCore.Server": "2.71.0" } },
              "Grpc.AspNetCore.Server/2.71.0": { "runtime": { "lib/net8.0/Grpc.AspNetCore.Server.dll": {} } },
              "Microsoft.EntityFrameworkCore.Design/10.0.1": { "dependencies": { "Microsoft.CodeAnalysis.Workspaces.MSBuild": "4.14.0", "Microsoft.EntityFrameworkCore.Relational": "10.0.1" } },
              "Microsoft.CodeAnalysis.Workspaces.MSBuild/4.14.0": { "dependencies": { "System.Windows.Extensions": "9.0.0" } },
              "System.Windows.Extensions/9.0.0": { "runtimeTargets": { "runtimes/win/lib/net9.0/System.Windows.Extensions.dll": { "rid": "win", "assetType": "runtime" } } },
              "Microsoft.EntityFrameworkCore.Relational/10.0.1": { "runtime": { "lib/net10.0/Microsoft.EntityFrameworkCore.Relational.dll": {} } },
              "SQLitePCLRaw.lib.e_sqlite3/2.1.11": { "runtimeTargets": { "runtimes/linux-x64/native/libe_sqlite3.so": { "rid": "linux-x64", "assetType": "native" } } },
              "Shop.Data/1.0.0": { "dependencies": { "Microsoft.EntityFrameworkCore.Relational": "10.0.1", "SQLitePCLRaw.lib.e_sqlite3": "2.1.11" }, "runtime": { "Shop.Data.dll": {} } }
            }
          },
          "libraries": {
            "Shop.Api/1.0.0": { "type": "project", "serviceable": false, "sha512": "" },
            "Grpc.AspNetCore/2.71.0": { "type": "package" },
            "Grpc.AspNetCore.Server/2.71.0": { "type": "package" },
            "Microsoft.EntityFrameworkCore.Design/10.0.1": { "type": "package" },
            "Microsoft.CodeAnalysis.Workspaces.MSBuild/4.14.0": { "type": "package" },
            "System.Windows.Extensions/9.0.0": { "type": "package" },
            "Microsoft.EntityFrameworkCore.Relational/10.0.1": { "type": "package" },
            "SQLitePCLRaw.lib.e_sqlite3/2.1.11": { "type": "package" },
            "Shop.Data/1.0.0": { "type": "project", "serviceable": false, "sha512": "" }
          }
        }
        """;

    private static readonly string[] PublishedFiles =
    [
        "Shop.Api.dll", "Shop.Data.dll", "Grpc.AspNetCore.Server.dll", "Microsoft.EntityFrameworkCore.Relational.dll",
        "runtimes/linux-x64/native/libe_sqlite3.so",
    ];

    private static FakeNuspecSource Nuspecs() =>
        new FakeNuspecSource().With("Microsoft.EntityFrameworkCore.Design", new NuspecInfo([new LicenseExpression("MIT")], DevelopmentDependency: true));

    [Fact]
    public void A_publish_directory_ships_exactly_the_packages_with_a_file_in_it()
    {
        using var publish = PublishDirectory();
        Bom bom = NuGetInventory.Build(new NuGetInventoryRequest { PublishDepsFilePath = publish.Combine("Shop.Api.deps.json") }, Nuspecs()).Bom;

        Assert.Equal(
            ["Grpc.AspNetCore.Server", "Microsoft.EntityFrameworkCore.Relational", "SQLitePCLRaw.lib.e_sqlite3"],
            Scoped(bom, ShippingClassifier.EvidencePublishOutput));
        AssertDesignTimeAndMetaPackages(bom);
    }

    [Fact]
    public void Publish_items_give_the_same_answer_as_the_publish_directory()
    {
        using var publish = PublishDirectory();
        PublishedPackageFile[] items =
        [
            new("Grpc.AspNetCore.Server", "2.71.0", "Grpc.AspNetCore.Server.dll"),
            new("Microsoft.EntityFrameworkCore.Relational", "10.0.1", "Microsoft.EntityFrameworkCore.Relational.dll"),
            new("SQLitePCLRaw.lib.e_sqlite3", "2.1.11", "runtimes/linux-x64/native/libe_sqlite3.so"),
        ];
        Bom fromItems = NuGetInventory.Build(
            new NuGetInventoryRequest { PublishDepsFilePath = publish.Combine("Shop.Api.deps.json"), PublishedFiles = items }, Nuspecs()).Bom;
        Bom fromDirectory = NuGetInventory.Build(new NuGetInventoryRequest { PublishDepsFilePath = publish.Combine("Shop.Api.deps.json") }, Nuspecs()).Bom;

        Assert.Equal(Scopes(fromDirectory), Scopes(fromItems));
        Assert.Equal(3, Scoped(fromItems, ShippingClassifier.EvidencePublishItems).Count);
        AssertDesignTimeAndMetaPackages(fromItems);
    }

    [Fact]
    public void A_listed_asset_that_was_not_copied_does_not_ship()
    {
        using var publish = PublishDirectory();
        File.Delete(publish.Combine("runtimes", "linux-x64", "native", "libe_sqlite3.so"));
        Bom bom = NuGetInventory.Build(new NuGetInventoryRequest { PublishDepsFilePath = publish.Combine("Shop.Api.deps.json") }, Nuspecs()).Bom;

        Assert.Equal(ExcludedReasons.NotPublished, bom.Named("SQLitePCLRaw.lib.e_sqlite3").GetProperty(PropertyNames.ExcludedReason));
    }

    [Fact]
    public void A_deps_json_without_its_files_falls_back_to_the_assets_it_lists()
    {
        using var alone = new Scratch();
        File.WriteAllText(alone.Combine("Shop.Api.deps.json"), DepsJson);
        Bom bom = NuGetInventory.Build(new NuGetInventoryRequest { PublishDepsFilePath = alone.Combine("Shop.Api.deps.json") }, Nuspecs()).Bom;

        Assert.Equal(
            ["Grpc.AspNetCore.Server", "Microsoft.EntityFrameworkCore.Relational", "SQLitePCLRaw.lib.e_sqlite3", "System.Windows.Extensions"],
            Scoped(bom, ShippingClassifier.EvidenceDepsJson).Where(n => !n.StartsWith("Shop.", StringComparison.Ordinal)));
    }

    [Fact]
    public void Projects_of_a_publish_directory_are_marked_as_the_apps_own_code()
    {
        using var publish = PublishDirectory();
        Bom bom = NuGetInventory.Build(new NuGetInventoryRequest { PublishDepsFilePath = publish.Combine("Shop.Api.deps.json") }, Nuspecs()).Bom;

        Assert.Equal("Shop.Data", bom.Named("Shop.Data").GetProperty(PropertyNames.ProjectPath));
    }

    [Theory]
    [InlineData("10.0.0", true, "at or below the override")]
    [InlineData("10.0.4", true, "above the override, not published: lost to the framework's copy")]
    public void A_package_the_framework_carries_and_that_was_not_published_is_framework_provided(string version, bool expected, string why)
    {
        using var publish = PublishDirectory(extraPackage: ("Microsoft.Extensions.Caching.Memory", version));
        Bom bom = NuGetInventory.Build(
            new NuGetInventoryRequest
            {
                PublishDepsFilePath = publish.Combine("Shop.Api.deps.json"),
                FrameworkOverrides = [new("Microsoft.Extensions.Caching.Memory", NuGetVersion.Parse("10.0.0"))],
            },
            Nuspecs()).Bom;

        Assert.True(expected == (bom.Named("Microsoft.Extensions.Caching.Memory").GetProperty(PropertyNames.ExcludedReason) == ExcludedReasons.FrameworkProvided), why);
    }

    [Theory]
    [InlineData("10.0.4", ExcludedReasons.FrameworkProvided)]
    [InlineData("10.0.15", null)]
    public void Without_publish_evidence_the_targeting_pack_version_predicts_the_winner(string version, string? reason)
    {
        using var dir = new Scratch();
        string assets = dir.Combine("project.assets.json");
        File.WriteAllText(assets, $$"""
            {
              "version": 3,
              "targets": { "net10.0": { "Microsoft.Extensions.Caching.Memory/{{version}}": { "type": "package" } } },
              "libraries": { "Microsoft.Extensions.Caching.Memory/{{version}}": { "type": "package", "path": "microsoft.extensions.caching.memory/{{version}}" } },
              "project": { "version": "1.0.0", "restore": { "projectName": "Shop.Api" },
                "frameworks": { "net10.0": { "dependencies": { "Microsoft.Extensions.Caching.Memory": { "target": "Package", "version": "[{{version}}, )" } } } } }
            }
            """);
        FrameworkPackageOverride fromPack = new("Microsoft.Extensions.Caching.Memory", NuGetVersion.Parse("10.0.0")) { FrameworkVersion = NuGetVersion.Parse("10.0.12") };

        Bom bom = NuGetInventory.Build(new NuGetInventoryRequest { AssetsFilePath = assets, FrameworkOverrides = [fromPack] }, Nuspecs()).Bom;

        Component package = bom.Named("Microsoft.Extensions.Caching.Memory");
        Assert.Equal(reason, package.GetProperty(PropertyNames.ExcludedReason));
        Assert.Equal(reason is null ? ComponentScopes.Required : ComponentScopes.Excluded, package.Scope);
    }

    /// <summary>EF Core Design and what only it brings are development-only; Grpc.AspNetCore ships through Grpc.AspNetCore.Server.</summary>
    private static void AssertDesignTimeAndMetaPackages(Bom bom)
    {
        foreach (string name in new[] { "Microsoft.EntityFrameworkCore.Design", "Microsoft.CodeAnalysis.Workspaces.MSBuild", "System.Windows.Extensions" })
        {
            Component component = bom.Named(name);
            Assert.Equal(ComponentScopes.Excluded, component.Scope);
            Assert.Equal(ExcludedReasons.DevelopmentDependency, component.GetProperty(PropertyNames.ExcludedReason));
        }

        Component meta = bom.Named("Grpc.AspNetCore");
        Assert.Equal(ComponentScopes.Required, meta.Scope);
        Assert.Equal(ShippingClassifier.EvidenceDependencies, meta.GetProperty(PropertyNames.ShippedEvidence));
    }

    private static List<string> Scoped(Bom bom, string evidence) =>
        bom.Components.Where(c => c.GetProperty(PropertyNames.ShippedEvidence) == evidence).Select(c => c.Name).Order(StringComparer.Ordinal).ToList();

    private static List<string> Scopes(Bom bom) =>
        bom.Components.Select(c => $"{c.Name}/{c.Version}/{c.Scope}/{c.GetProperty(PropertyNames.ExcludedReason)}").Order(StringComparer.Ordinal).ToList();

    private static Scratch PublishDirectory((string Id, string Version)? extraPackage = null)
    {
        var dir = new Scratch();
        string deps = DepsJson;
        if (extraPackage is { } extra)
        {
            // Conflict resolution removed the package's assets: deps.json keeps the entry without any.
            deps = deps.Replace(
                "\"Grpc.AspNetCore/2.71.0\": { \"type\": \"package\" },",
                $"\"Grpc.AspNetCore/2.71.0\": {{ \"type\": \"package\" }}, \"{extra.Id}/{extra.Version}\": {{ \"type\": \"package\" }},",
                StringComparison.Ordinal);
        }

        File.WriteAllText(dir.Combine("Shop.Api.deps.json"), deps);
        foreach (string file in PublishedFiles)
        {
            string path = dir.Combine(file.Split('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file);
        }

        return dir;
    }
}
