using System.Text.Json.Nodes;
using SupplyGate.Core.Advisories.Store;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Build.Tests;

/// <summary>
/// The incremental gate in real `dotnet publish` runs: a second publish with nothing changed replays the first one's
/// diagnostics (same codes, lines, texts, same failed build) without writing a report; a changed policy file, advisory
/// store or published file, or a verdict whose validity has passed, is judged again.
/// </summary>
[Collection(PublishedSampleCollection.Name)]
[Trait("Category", "e2e")]
public sealed class IncrementalGateEndToEndTests(PublishedSampleFixture sample) : IDisposable
{
    private const string UpToDate = "SupplyGate: gate up to date";
    private readonly TempDirectory _temp = new("sg-incremental-e2e");

    [Fact]
    public void Second_publish_replays_the_gate_and_each_kind_of_input_change_judges_again()
    {
        string publishDir = Path.Combine(sample.SamplesDirectory, "out", "incremental") + "/";
        string policy = _temp.Combine("team.yaml");
        File.WriteAllText(policy, "apiVersion: supplygate.dev/v1alpha1\nkind: Policy\nmetadata:\n  name: team\nspec:\n  advisories:\n    high: deny\n");
        string cache = _temp.Combine("cache");
        using (AdvisoryStore.OpenDefault(TimeProvider.System, cache))
        {
        }

        string store = Directory.GetFiles(cache).Single();
        ProcessResult Publish() => sample.Publish(
            "-r", "linux-x64", "--self-contained", "-o", publishDir, "-v:n",
            $"-p:SupplyGatePolicy={policy}", $"-p:SupplyGateAdvisoryDatabase={store}", "-p:SupplyGateAdvisoryUpdate=false");
        string json = Path.Combine(publishDir, "SampleApp.supplygate.json");

        ProcessResult first = Publish();
        DateTime reportWritten = File.GetLastWriteTimeUtc(json);
        ProcessResult second = Publish();

        Assert.NotEqual(0, first.ExitCode);
        Assert.NotEqual(0, second.ExitCode);
        Assert.DoesNotContain(UpToDate, first.Output, StringComparison.Ordinal);
        Assert.Contains(UpToDate, second.Output, StringComparison.Ordinal);
        string[] diagnostics = Diagnostics(first);
        Assert.Contains(diagnostics, d => d.Contains("error SG3003", StringComparison.Ordinal) && d.Contains("Microsoft.Data.SqlClient 2.1.4", StringComparison.Ordinal));
        Assert.Equal(diagnostics, Diagnostics(second));
        Assert.Equal(Summary(first), Summary(second));
        Assert.Equal(reportWritten, File.GetLastWriteTimeUtc(json));

        File.AppendAllText(policy, "# reviewed\n");
        AssertJudgedAgain(Publish(), diagnostics, "the policy file");

        File.SetLastWriteTimeUtc(store, File.GetLastWriteTimeUtc(store).AddSeconds(1));
        AssertJudgedAgain(Publish(), diagnostics, "the advisory store");

        File.WriteAllText(Path.Combine(publishDir, "appsettings.Development.json"), "{\"ConnectionStrings\":{\"Db\":\"Server=db;User Id=sa;Password=Sup3rS3cret!x\"}}");
        ProcessResult secret = Publish();
        Assert.DoesNotContain(UpToDate, secret.Output, StringComparison.Ordinal);
        Assert.Contains(Diagnostics(secret), d => d.Contains("appsettings.Development.json", StringComparison.Ordinal));
        string[] withSecret = Diagnostics(secret);
        Assert.Contains(UpToDate, Publish().Output, StringComparison.Ordinal);

        // The clock passing the verdict's validity (the unit tests move a fake clock across a suppression's expiry):
        // the recorded instant is moved to the evaluation itself, as if that much time had passed.
        string record = Directory.GetFiles(Path.Combine(sample.AppDirectory, "obj"), "supplygate-gate.json", SearchOption.AllDirectories).Single();
        JsonNode node = JsonNode.Parse(File.ReadAllText(record))!;
        node["validUntil"] = node["evaluatedAt"]!.GetValue<string>();
        File.WriteAllText(record, node.ToJsonString());
        AssertJudgedAgain(Publish(), withSecret, "a verdict past its validity");

        Assert.Contains(UpToDate, Publish().Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Switched_off_every_publish_judges()
    {
        string publishDir = Path.Combine(sample.SamplesDirectory, "out", "incremental-off") + "/";
        ProcessResult Publish() => sample.Publish("-r", "linux-x64", "--self-contained", "-o", publishDir, "-v:n", "-p:SupplyGateIncremental=false");

        ProcessResult first = Publish();
        ProcessResult second = Publish();

        Assert.DoesNotContain(UpToDate, first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(UpToDate, second.Output, StringComparison.Ordinal);
        Assert.Equal(Diagnostics(first), Diagnostics(second));
    }

    public void Dispose() => _temp.Dispose();

    private static void AssertJudgedAgain(ProcessResult publish, string[] expected, string change)
    {
        Assert.True(!publish.Output.Contains(UpToDate, StringComparison.Ordinal), $"after a change to {change} the gate must judge again:\n{publish.Output}");
        Assert.Equal(expected, Diagnostics(publish));
    }

    /// <summary>Each SG error and warning once (the console logger repeats them in its summary).</summary>
    private static string[] Diagnostics(ProcessResult publish) =>
        [.. publish.Output.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Contains(": error SG", StringComparison.Ordinal) || l.Contains(": warning SG", StringComparison.Ordinal))
            .Distinct()
            .Order(StringComparer.Ordinal)];

    private static string? Summary(ProcessResult publish) =>
        publish.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("SupplyGate: DENY", StringComparison.Ordinal) || l.StartsWith("SupplyGate: PASS", StringComparison.Ordinal));
}
