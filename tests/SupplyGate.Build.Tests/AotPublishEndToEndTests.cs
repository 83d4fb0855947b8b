using System.Text.Json;
using SupplyGate.Core.Tests.Interop;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Build.Tests;

/// <summary>
/// A real Native AOT publish (<c>PublishAot=true</c>) gated by the packed SupplyGate.Build: the SDK writes no publish
/// deps.json and ILCompiler compiles the package's assembly into the executable, so the SBOM must come from the
/// build's deps.json and ILCompiler's managed inputs. One AOT compile, shared by these tests.
/// </summary>
[Collection(PublishedSampleCollection.Name)]
[Trait("Category", "e2e")]
public sealed class AotPublishEndToEndTests(PublishedSampleFixture sample)
{
    [Fact]
    public void AotPublish_Succeeds_WithANativeExecutableAndNoDepsJson()
    {
        AotSample aot = sample.Aot;

        Assert.True(aot.Publish.ExitCode == 0, aot.Publish.All);
        Assert.DoesNotContain("SG1003", aot.Publish.All, StringComparison.Ordinal);

        // What makes this an AOT publish: no deps.json, no managed copy of the package, a native executable that runs.
        Assert.Empty(Directory.GetFiles(aot.PublishDirectory, "*.deps.json"));
        Assert.False(File.Exists(Path.Combine(aot.PublishDirectory, AotSample.PackageId + ".dll")));
        ProcessResult run = ProcessRunner.Run(aot.Executable, [], aot.Directory);
        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("aot ok", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void AotPublish_WritesSchemaValidSbom_WithThePackageCompiledIn()
    {
        AotSample aot = sample.Aot;
        Assert.True(File.Exists(aot.Sbom), $"no SBOM at {aot.Sbom}\n{aot.Publish.All}");
        (bool valid, string validation) = CycloneDxSchemaValidator.Validate(aot.Sbom);
        Assert.True(valid, validation);

        var sbom = new SbomDocument(aot.Sbom);
        ComponentView polly = sbom.Single(AotSample.PackageId, AotSample.PackageVersion);
        Assert.Equal("required", polly.Scope);
        Assert.Equal("native-aot", polly.Properties["supplygate:shipped-evidence"]);

        // The task package itself is a development dependency and never ships.
        ComponentView task = sbom.Single("SupplyGate.Build", sample.PackageVersion);
        Assert.Equal("excluded", task.Scope);
        Assert.Equal("development-dependency", task.Properties["supplygate:excluded-reason"]);
    }

    [Fact]
    public void AotPublish_RunsTheGate()
    {
        AotSample aot = sample.Aot;

        Assert.Matches(@"SupplyGate: PASS: 0 denied", aot.Publish.Output);
        string report = Path.Combine(aot.PublishDirectory, AotSample.App + ".supplygate.json");
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(report));
        Assert.Equal("pass", json.RootElement.GetProperty("decision").GetString());
    }

    [Fact]
    public void Cli_OnTheAotPublishDirectory_SaysWhyAndPointsToTheProject()
    {
        AotSample aot = sample.Aot;
        string output = Path.Combine(aot.Directory, "cli-dir.cdx.json");

        ProcessResult cli = ProcessRunner.Run(
            "dotnet", [Path.Combine(AppContext.BaseDirectory, "supplygate.dll"), "sbom", aot.PublishDirectory, "-o", output], aot.Directory);

        // A usage/input error naming the directory, not a crash; the hint says what to run instead.
        Assert.True(Directory.Exists(aot.PublishDirectory));
        Assert.Equal(2, cli.ExitCode);
        Assert.Contains("error SG2001: " + aot.PublishDirectory, cli.All, StringComparison.Ordinal);
        Assert.Contains("A Native AOT publish writes no deps.json", cli.All, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", cli.All, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Cli_OnTheAotProject_DescribesTheRestoreGraphAndSaysWhy()
    {
        AotSample aot = sample.Aot;
        string output = Path.Combine(aot.Directory, "cli-project.cdx.json");

        ProcessResult cli = ProcessRunner.Run(
            "dotnet", [Path.Combine(AppContext.BaseDirectory, "supplygate.dll"), "sbom", aot.ProjectFile, "-o", output], aot.Directory);

        Assert.True(cli.ExitCode == 0, cli.All);
        Assert.Contains("PublishAot=true", cli.All, StringComparison.Ordinal);
        var sbom = new SbomDocument(output);
        ComponentView polly = sbom.Single(AotSample.PackageId, AotSample.PackageVersion);
        Assert.Equal("required", polly.Scope);
        Assert.Equal("assets-only", polly.Properties["supplygate:shipped-evidence"]);
        Assert.Equal("excluded", sbom.Single("SupplyGate.Build", sample.PackageVersion).Scope);
    }

    [Fact]
    public void BuildThenNoBuildPublish_JudgesTheRuntimePackCompiledIn_NotAFrameworkDependentMinimum()
    {
        // The SDK makes PublishAot self-contained only for publish: `dotnet build -r` writes a framework-dependent
        // deps.json and runtimeconfig, and `publish --no-build` compiles the runtime pack in. SupplyGate must report
        // that pack, not a shared framework with host-patch advice (SG4015) that cannot apply to a native binary.
        AotSample aot = sample.Aot;
        string publishDir = Path.Combine(aot.Directory, "out-nobuild") + "/";
        ProcessResult build = ProcessRunner.Dotnet(
            aot.Directory, null, "build", aot.ProjectFile, "-c", "Release", "-r", AotSample.Rid, "-p:UseSharedCompilation=false", "-nodeReuse:false");
        Assert.True(build.ExitCode == 0, build.All);

        ProcessResult publish = ProcessRunner.Dotnet(
            aot.Directory, null,
            "publish", aot.ProjectFile, "--no-build", "-c", "Release", "-r", AotSample.Rid, "-o", publishDir,
            "-p:UseSharedCompilation=false", "-nodeReuse:false");

        Assert.True(publish.ExitCode == 0, publish.All);
        Assert.True(File.Exists(Path.Combine(publishDir, AotSample.App)), publish.All);
        Assert.DoesNotContain("SG4015", publish.All, StringComparison.Ordinal);
        string sbomPath = Path.Combine(publishDir, AotSample.App + "." + AotSample.Rid + ".cdx.json") is { } perRid && File.Exists(perRid)
            ? perRid : Path.Combine(publishDir, AotSample.App + ".cdx.json");
        var sbom = new SbomDocument(sbomPath);
        ComponentView runtime = Assert.Single(sbom.Components, c => c.IsRuntime);
        Assert.Equal("Microsoft.NETCore.App.Runtime." + AotSample.Rid, runtime.Name);
        Assert.Equal($"pkg:nuget/{runtime.Name}@{runtime.Version}", runtime.Purl);
        // The build's deps.json may already name the pack (evidence deps.json) or not (the publish's resolved pack:
        // runtime-pack); never the framework-dependent runtimeconfig, and never a minimum version.
        Assert.Contains(runtime.Properties["supplygate:shipped-evidence"], new[] { "deps.json", "runtime-pack" });
        Assert.NotEqual("minimum", runtime.Properties.GetValueOrDefault("supplygate:dotnet:runtime-version-kind"));
        Assert.Equal("required", sbom.Single(AotSample.PackageId, AotSample.PackageVersion).Scope);

        // The same runtime as the plain AOT publish of this app.
        ComponentView plain = Assert.Single(new SbomDocument(aot.Sbom).Components, c => c.IsRuntime);
        Assert.Equal((plain.Name, plain.Version), (runtime.Name, runtime.Version));
    }

    [Theory]
    [InlineData("trimmed", "publish-items", "-p:PublishTrimmed=true")]
    [InlineData("single-file", "deps.json", "-p:PublishSingleFile=true")]
    public void NonAotPublishes_OfTheSameApp_ShipThePackageToo(string name, string evidence, string property)
    {
        AotSample aot = sample.Aot;
        string publishDir = Path.Combine(aot.Directory, "out-" + name) + "/";

        ProcessResult publish = ProcessRunner.Dotnet(
            aot.Directory, null,
            "publish", aot.ProjectFile, "-c", "Release", "-r", AotSample.Rid, "-o", publishDir, "-p:PublishAot=false", property,
            "-p:SupplyGateCheckEnabled=false", "-p:UseSharedCompilation=false", "-nodeReuse:false");

        Assert.True(publish.ExitCode == 0, publish.All);
        string sbomPath = Path.Combine(publishDir, AotSample.App + ".cdx.json");
        (bool valid, string validation) = CycloneDxSchemaValidator.Validate(sbomPath);
        Assert.True(valid, validation);
        ComponentView polly = new SbomDocument(sbomPath).Single(AotSample.PackageId, AotSample.PackageVersion);
        Assert.Equal("required", polly.Scope);
        Assert.Equal(evidence, polly.Properties["supplygate:shipped-evidence"]);
    }
}
