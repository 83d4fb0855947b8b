using SupplyGate.Core.Inventory.NuGet;
using SupplyGate.Core.Sbom;
using static SupplyGate.Core.Tests.Inventory.InventoryTestSupport;

namespace SupplyGate.Core.Tests.Inventory;

/// <summary>
/// Native AOT publishes: the managed assemblies ILCompiler compiled into the executable are evidence that their
/// package ships (native-aot); a copied file still wins (publish-items); the rest is not published. Checked on the
/// real SampleApp restore output (Fixtures/nuget/sampleapp) with the build's deps.json, as the MSBuild task sees it.
/// </summary>
[Trait("Category", "integration")]
public sealed class NativeAotInventoryTests
{
    private static readonly string AssetsPath = Fixture("sampleapp", "project.assets.json");
    private static readonly string DepsPath = Fixture("sampleapp", "SampleApp.deps.json");

    private static Bom Build(IReadOnlyList<PublishedPackageFile> copied, IReadOnlyList<PublishedPackageFile> compiled) => NuGetInventory.Build(
        new NuGetInventoryRequest
        {
            AssetsFilePath = AssetsPath,
            TargetFramework = "net10.0",
            RuntimeIdentifier = "linux-x64",
            PublishDepsFilePath = DepsPath,
            PublishedFiles = copied,
            NativeCompiledFiles = compiled,
        },
        new FakeNuspecSource()).Bom;

    [Fact]
    public void A_package_compiled_into_the_executable_ships_with_native_aot_evidence()
    {
        Bom bom = Build([], [new PublishedPackageFile("Newtonsoft.Json", "12.0.1", "Newtonsoft.Json.dll")]);

        Component newtonsoft = bom.Named("Newtonsoft.Json");
        Assert.Equal(ComponentScopes.Required, newtonsoft.Scope);
        Assert.Equal("native-aot", newtonsoft.GetProperty(PropertyNames.ShippedEvidence));

        // Only the compiled-in package: the others of the deps.json are not published (not assets-only).
        Component sqlClient = bom.Named("Microsoft.Data.SqlClient");
        Assert.Equal(ComponentScopes.Excluded, sqlClient.Scope);
        Assert.Equal(ExcludedReasons.NotPublished, sqlClient.GetProperty(PropertyNames.ExcludedReason));
    }

    [Fact]
    public void A_copied_file_wins_over_compilation()
    {
        Bom bom = Build(
            [new PublishedPackageFile("Microsoft.Data.SqlClient", "2.1.4", "runtimes/unix/lib/netcoreapp3.1/Microsoft.Data.SqlClient.dll")],
            [
                new PublishedPackageFile("Microsoft.Data.SqlClient", "2.1.4", "Microsoft.Data.SqlClient.dll"),
                new PublishedPackageFile("Newtonsoft.Json", "12.0.1", "Newtonsoft.Json.dll"),
            ]);

        Assert.Equal("publish-items", bom.Named("Microsoft.Data.SqlClient").GetProperty(PropertyNames.ShippedEvidence));
        Assert.Equal("native-aot", bom.Named("Newtonsoft.Json").GetProperty(PropertyNames.ShippedEvidence));
    }

    [Fact]
    public void Without_compiled_assemblies_the_publish_items_decide_as_before()
    {
        Bom bom = Build([new PublishedPackageFile("Newtonsoft.Json", "12.0.1", "Newtonsoft.Json.dll")], []);

        Assert.Equal("publish-items", bom.Named("Newtonsoft.Json").GetProperty(PropertyNames.ShippedEvidence));
        Assert.DoesNotContain(bom.NuGetPackages(), c => c.GetProperty(PropertyNames.ShippedEvidence) == "native-aot");
    }
}
