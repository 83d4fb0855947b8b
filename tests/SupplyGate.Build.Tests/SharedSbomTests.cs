using SupplyGate.Build.Tasks;
using SupplyGate.Core.Advisories.Store;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Build.Tests;

/// <summary>
/// CheckSbom judges the SBOM object GenerateSbom registered in the same build instead of parsing the file back,
/// only while the file still holds exactly what GenerateSbom wrote, and the reports are the same either way.
/// </summary>
[Trait("Category", "unit")]
public sealed class SharedSbomTests : IDisposable
{
    private static readonly string[] ReportSuffixes = [".supplygate.json", ".supplygate.sarif", ".supplygate.md", ".supplygate.html", ".vdr.cdx.json"];
    private readonly TempDirectory _temp = new("sg-shared-sbom");

    [Fact]
    public void Same_build_judges_the_registered_sbom_with_the_same_reports_as_reading_the_file()
    {
        var build = new RegistryBuildEngine();
        string sbom = Generate(build);

        CheckSbom shared = Check(build, sbom);
        Dictionary<string, byte[]> sharedReports = TakeReports(sbom);
        var otherBuild = new RegistryBuildEngine();
        CheckSbom read = Check(otherBuild, sbom);
        Dictionary<string, byte[]> readReports = TakeReports(sbom);

        Assert.Contains(build.Messages, m => m.Message!.Contains("SBOM (GenerateSbom's)", StringComparison.Ordinal));
        Assert.Contains(otherBuild.Messages, m => m.Message!.Contains("read SBOM", StringComparison.Ordinal));
        Assert.Equal(read.Decision, shared.Decision);
        Assert.Equal(ReportSuffixes.Select(s => "SampleApp" + s).Order(StringComparer.Ordinal), sharedReports.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(readReports.Keys.Order(StringComparer.Ordinal), sharedReports.Keys.Order(StringComparer.Ordinal));
        foreach ((string name, byte[] content) in readReports)
        {
            Assert.Equal(WithoutEvaluationTime(readReports, content), WithoutEvaluationTime(sharedReports, sharedReports[name]));
        }
    }

    [Fact]
    public void Sbom_changed_on_disk_after_generation_is_judged_as_it_is_on_disk()
    {
        var build = new RegistryBuildEngine();
        string sbom = Generate(build);
        // Another step replaced the SBOM between the two tasks: an empty one has nothing to find.
        File.WriteAllText(sbom, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,\"components\":[]}");

        Check(build, sbom);

        Assert.Contains(build.Messages, m => m.Message!.Contains("read SBOM", StringComparison.Ordinal));
        Assert.Contains(build.Messages, m => m.Message!.Contains("(0 findings;", StringComparison.Ordinal));
        Assert.DoesNotContain(build.Messages, m => m.Message!.Contains("SBOM (GenerateSbom's)", StringComparison.Ordinal));
    }

    [Fact]
    public void Generated_sbom_has_findings_so_the_stale_check_above_can_tell()
    {
        var build = new RegistryBuildEngine();
        string sbom = Generate(build);

        Check(build, sbom);

        Assert.DoesNotContain(build.Messages, m => m.Message!.Contains("(0 findings;", StringComparison.Ordinal));
        Assert.Contains(build.Messages, m => m.Message!.StartsWith("SupplyGate: PASS", StringComparison.Ordinal)
            || m.Message!.StartsWith("SupplyGate: DENY", StringComparison.Ordinal));
    }

    public void Dispose() => _temp.Dispose();

    private static string SampleFixture(string name) => Path.Combine(RepositoryPaths.Fixtures, "nuget", "sampleapp", name);

    private string Generate(RegistryBuildEngine engine)
    {
        using var task = new GenerateSbom
        {
            BuildEngine = engine,
            AssetsFile = SampleFixture("project.assets.json"),
            PublishDepsFile = SampleFixture("SampleApp.deps.json"),
            RuntimeConfigFile = SampleFixture("SampleApp.runtimeconfig.json"),
            TargetFramework = "net10.0",
            RuntimeIdentifier = "linux-x64",
            SelfContained = "true",
            OutputPath = _temp.Combine("out", "SampleApp.cdx.json"),
            Reproducible = true,
            PackageFolders = [_temp.Combine("no-packages-here")],
        };
        Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        return task.OutputPath;
    }

    private CheckSbom Check(RegistryBuildEngine engine, string sbom)
    {
        // The built-in sample as a store file (the cache the task keeps), named explicitly: no user directory is touched.
        string cache = _temp.Combine("cache");
        using (AdvisoryStore.OpenDefault(TimeProvider.System, cache))
        {
        }

        var task = new CheckSbom
        {
            BuildEngine = engine,
            SbomPath = sbom,
            AdvisoryDatabase = Directory.GetFiles(cache).Single(),
            AdvisoryUpdate = "false",
            // Both actions warn, so the run gets to its reports whatever the sample finds.
            Policy = WarnPolicy(),
        };
        using (task)
        {
            Assert.True(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));
        }

        return task;
    }

    private string WarnPolicy()
    {
        string path = _temp.Combine("warn.yaml");
        File.WriteAllText(path, "apiVersion: supplygate.dev/v1alpha1\nkind: Policy\nmetadata:\n  name: warn\nspec:\n  advisories:\n    critical: warn\n    high: warn\n");
        return path;
    }

    /// <summary>The report's text with the clock time of its run (the JSON report's evaluatedAt) replaced: the two runs are seconds apart.</summary>
    private static string WithoutEvaluationTime(Dictionary<string, byte[]> reports, byte[] content)
    {
        using var json = System.Text.Json.JsonDocument.Parse(reports["SampleApp.supplygate.json"]);
        string evaluatedAt = json.RootElement.GetProperty("evaluatedAt").GetString()!;
        return System.Text.Encoding.UTF8.GetString(content).Replace(evaluatedAt, "<evaluated at>", StringComparison.Ordinal);
    }

    private static Dictionary<string, byte[]> TakeReports(string sbom)
    {
        string directory = Path.GetDirectoryName(sbom)!;
        var reports = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (string file in Directory.GetFiles(directory).Where(f => f != sbom))
        {
            reports[Path.GetFileName(file)] = File.ReadAllBytes(file);
            File.Delete(file);
        }

        return reports;
    }
}
