using System.Text.Json;
using SupplyGate.Core.Tests.Interop;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Build.Tests;

/// <summary>
/// The real thing: `dotnet publish` of tests/Samples/SampleApp with the packed SupplyGate.Build package,
/// the task running in-process in the SDK's MSBuild.
/// </summary>
[Collection(PublishedSampleCollection.Name)]
[Trait("Category", "e2e")]
public sealed class PublishEndToEndTests(PublishedSampleFixture sample)
{
    private const string Rid = "linux-x64";

    [Fact]
    public void TaskPackage_CarriesNoBouncyCastleOfTheAbandoned18Line()
    {
        var assemblies = Directory.GetFiles(sample.Feed, "*.nupkg").SelectMany(PackageAssemblies.Read).ToList();

        Assert.DoesNotContain(assemblies, PackageAssemblies.IsOutdatedBouncyCastle);

        // Core verifies Rekor v2 Ed25519 checkpoints with BouncyCastle.Cryptography, so it ships next to Core in
        // tasks/ (loaded only if verification ever runs in the task); finding it shows the check saw the package.
        Assert.Contains(assemblies, a => a.Name == "SupplyGate.Core");
        PackagedAssembly bouncyCastle = Assert.Single(assemblies, a => a.Name == "BouncyCastle.Cryptography");
        Assert.Equal("2.7.0", bouncyCastle.InformationalVersion);
    }

    [Fact]
    public void SelfContainedPublish_WritesValidSbomOfExactlyWhatShips()
    {
        string publishDir = Path.Combine(sample.SamplesDirectory, "out", "self-contained") + "/";
        ProcessResult publish = sample.Publish("-p:SupplyGateCheckEnabled=false", "-r", Rid, "--self-contained", "-o", publishDir);
        Assert.True(publish.ExitCode == 0, publish.All);

        string sbomPath = Path.Combine(publishDir, "SampleApp.cdx.json");
        Assert.True(File.Exists(sbomPath), $"no SBOM at {sbomPath}\n{publish.All}");
        Assert.Matches(@"SupplyGate: \d+ components \(\d+ shipped\) -> .*SampleApp\.cdx\.json", publish.Output);

        (bool valid, string validation) = CycloneDxSchemaValidator.Validate(sbomPath);
        Assert.True(valid, validation);

        var sbom = new SbomDocument(sbomPath);
        string depsFile = Path.Combine(publishDir, "SampleApp.deps.json");

        // Shipped NuGet packages == the packages of the published deps.json (computed independently).
        var shipped = sbom.Components
            .Where(c => c.Scope == "required" && c.Purl?.StartsWith("pkg:nuget/", StringComparison.Ordinal) == true && !c.IsRuntime)
            .Select(c => $"{c.Name}/{c.Version}")
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        IReadOnlySet<string> expected = DepsJson.Packages(depsFile);
        Assert.True(expected.SetEquals(shipped),
            $"only in deps.json: {string.Join(", ", expected.Except(shipped))}; only in SBOM: {string.Join(", ", shipped.Except(expected))}");
        Assert.Equal(16, expected.Count);

        ComponentView stj = sbom.Single("System.Text.Json", "8.0.0");
        Assert.Equal("excluded", stj.Scope);
        Assert.Equal("framework-provided", stj.Properties["supplygate:excluded-reason"]);

        // The runtime pack, at the version the deps.json says was published.
        string runtimePack = Assert.Single(DepsJson.Packages(depsFile, "runtimepack"));
        string runtimeVersion = runtimePack.Split('/')[1];
        ComponentView runtime = Assert.Single(sbom.Components, c => c.IsRuntime);
        Assert.Equal($"Microsoft.NETCore.App.Runtime.{Rid}", runtime.Name);
        Assert.Equal(runtimeVersion, runtime.Version);
        Assert.Equal("framework", runtime.Type);
        Assert.Equal("required", runtime.Scope);

        ComponentView lib = sbom.Single("SampleLib");
        Assert.Equal("library", lib.Type);
        Assert.Equal("1.2.0", lib.Version);

        ComponentView identity = sbom.Single("Microsoft.Identity.Client", "4.21.1");
        IReadOnlyList<string>? path = sbom.PathTo(identity.BomRef);
        Assert.NotNull(path);
        Assert.Contains(sbom.Single("Microsoft.Data.SqlClient", "2.1.4").BomRef, path);

        var refs = sbom.Components.Select(c => c.BomRef).Append(sbom.Subject.BomRef).ToHashSet(StringComparer.Ordinal);
        Assert.All(sbom.Dependencies, d =>
        {
            Assert.Contains(d.Key, refs);
            Assert.All(d.Value, target => Assert.Contains(target, refs));
        });
        Assert.All(sbom.Components, c => Assert.True(sbom.Dependencies.ContainsKey(c.BomRef), $"no dependencies entry for {c.BomRef}"));
    }

    [Fact]
    public void FrameworkDependentPublish_ReportsSharedFrameworkInsteadOfRuntimePack()
    {
        string publishDir = Path.Combine(sample.SamplesDirectory, "out", "framework-dependent") + "/";
        ProcessResult publish = sample.Publish("-p:SupplyGateCheckEnabled=false", "-r", Rid, "--self-contained", "false", "-o", publishDir);
        Assert.True(publish.ExitCode == 0, publish.All);

        var sbom = new SbomDocument(Path.Combine(publishDir, "SampleApp.cdx.json"));
        ComponentView runtime = Assert.Single(sbom.Components, c => c.IsRuntime);
        Assert.Equal("Microsoft.NETCore.App", runtime.Name);
        Assert.Equal("framework", runtime.Type);
        Assert.DoesNotContain(sbom.Components, c => c.Name.StartsWith("Microsoft.NETCore.App.Runtime.", StringComparison.Ordinal));
        Assert.Empty(DepsJson.Packages(Path.Combine(publishDir, "SampleApp.deps.json"), "runtimepack"));
    }

    [Fact]
    public void SecondPublish_WithSameInputs_LeavesSbomUntouchedAndIdentical()
    {
        string publishDir = Path.Combine(sample.SamplesDirectory, "out", "incremental") + "/";
        Assert.Equal(0, sample.Publish("-p:SupplyGateCheckEnabled=false", "-r", Rid, "--self-contained", "-o", publishDir).ExitCode);
        string sbomPath = Path.Combine(publishDir, "SampleApp.cdx.json");
        byte[] first = File.ReadAllBytes(sbomPath);
        DateTime written = File.GetLastWriteTimeUtc(sbomPath);

        ProcessResult again = sample.Publish("-p:SupplyGateCheckEnabled=false", "-r", Rid, "--self-contained", "-o", publishDir);

        Assert.True(again.ExitCode == 0, again.All);
        Assert.Equal(written, File.GetLastWriteTimeUtc(sbomPath));
        Assert.Equal(first, File.ReadAllBytes(sbomPath));
    }

    [Fact]
    public void SecondPublish_WithOnlyAPropertyChanged_RewritesSbom()
    {
        // SOURCE_DATE_EPOCH changes no file the publish reads or writes, only the SBOM's timestamp: the incremental
        // target must not keep the SBOM of the first publish.
        string publishDir = Path.Combine(sample.SamplesDirectory, "out", "incremental-property") + "/";
        Assert.Equal(0, sample.Publish("-p:SupplyGateCheckEnabled=false", "-r", Rid, "--self-contained", "-o", publishDir).ExitCode);
        string sbomPath = Path.Combine(publishDir, "SampleApp.cdx.json");
        Assert.Null(Timestamp(sbomPath));

        ProcessResult again = sample.Publish("-p:SupplyGateCheckEnabled=false", "-r", Rid, "--self-contained", "-o", publishDir, "-p:SOURCE_DATE_EPOCH=1700000000");

        Assert.True(again.ExitCode == 0, again.All);
        Assert.Equal("2023-11-14T22:13:20Z", Timestamp(sbomPath));
    }

    private static string? Timestamp(string sbomPath)
    {
        using JsonDocument sbom = JsonDocument.Parse(File.ReadAllBytes(sbomPath));
        return sbom.RootElement.GetProperty("metadata").TryGetProperty("timestamp", out JsonElement timestamp) ? timestamp.GetString() : null;
    }

    [Fact]
    public void Publish_WithSupplyGateDisabled_WritesNoSbom()
    {
        string publishDir = Path.Combine(sample.SamplesDirectory, "out", "disabled") + "/";
        ProcessResult publish = sample.Publish("-p:SupplyGateCheckEnabled=false", "-r", Rid, "--self-contained", "-o", publishDir, "-p:SupplyGateEnabled=false");
        Assert.True(publish.ExitCode == 0, publish.All);
        Assert.True(File.Exists(Path.Combine(publishDir, "SampleApp.deps.json")));
        Assert.False(File.Exists(Path.Combine(publishDir, "SampleApp.cdx.json")));
        Assert.DoesNotContain("SupplyGate:", publish.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Publish_WithCustomSbomPathAndSourceDateEpoch_IsReproducible()
    {
        string publishDir = Path.Combine(sample.SamplesDirectory, "out", "custom") + "/";
        string first = Path.Combine(sample.SamplesDirectory, "out", "sbom-a.json");
        string second = Path.Combine(sample.SamplesDirectory, "out", "sbom-b.json");

        Assert.Equal(0, sample.Publish("-p:SupplyGateCheckEnabled=false", "-r", Rid, "--self-contained", "-o", publishDir, $"-p:SupplyGateSbomPath={first}", "-p:SOURCE_DATE_EPOCH=1700000000").ExitCode);
        Assert.Equal(0, sample.Publish("-p:SupplyGateCheckEnabled=false", "-r", Rid, "--self-contained", "-o", publishDir, $"-p:SupplyGateSbomPath={second}", "-p:SOURCE_DATE_EPOCH=1700000000").ExitCode);

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        Assert.Contains("\"timestamp\": \"2023-11-14T22:13:20Z\"", File.ReadAllText(first), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(publishDir, "SampleApp.cdx.json")));
    }

    [Fact]
    public void SbomTarget_WithCorruptAssetsFile_FailsWithCodedErrorAndWritesNothing()
    {
        string scratch = Path.Combine(sample.SamplesDirectory, "out", "corrupt");
        Directory.CreateDirectory(scratch);
        string corrupt = Path.Combine(scratch, "project.assets.json");
        File.WriteAllText(corrupt, "{ \"version\": 3, \"targets\": { ");

        ProcessResult run = ProcessRunner.Dotnet(
            sample.AppDirectory, null,
            "msbuild", "-t:SupplyGateSbom", "-nodeReuse:false",
            $"-p:ProjectAssetsFile={corrupt}", $"-p:PublishDir={scratch}/", "-p:Configuration=Release");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("error SG1002", run.Output, StringComparison.Ordinal);
        Assert.Contains(corrupt, run.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(scratch, "*.cdx.json"));
        Assert.Empty(Directory.GetFiles(scratch, "*.tmp"));
    }
}
