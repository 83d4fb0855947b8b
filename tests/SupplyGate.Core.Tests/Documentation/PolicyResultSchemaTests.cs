using System.Diagnostics;
using System.Text.Json.Nodes;
using SupplyGate.Core.Gate;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Tests.Interop;
using SupplyGate.Core.Tests.Reporting;

namespace SupplyGate.Core.Tests.Documentation;

/// <summary>
/// docs/policy-result.schema.json (with the docs/report.schema.json it references) describes the predicate `sign`
/// attests, judged by Ajv (tests/interop/validate-json-schema.mjs), an implementation independent of ours.
/// </summary>
[Trait("Category", "integration")]
public sealed class PolicyResultSchemaTests : IDisposable
{
    private static readonly string Root = CycloneDxSchemaValidator.FindRepositoryRoot();
    private readonly string _dir = Directory.CreateTempSubdirectory("sg-policy-result-schema").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Verdicts => new() { "deny", "pass", "stale" };

    [Theory]
    [MemberData(nameof(Verdicts))]
    public void RealPredicate_IsValid(string decision)
    {
        PolicyResult result = decision switch
        {
            "deny" => ReportScenario.Denied(),
            "pass" => ReportScenario.PassedWithSqlClientSuppressed(),
            _ => ReportScenario.Stale(),
        };
        byte[] predicate = PolicyResultPredicate.Create(ReportScenario.Context(result));
        Assert.Equal(decision, JsonNode.Parse(predicate)!["decision"]!.GetValue<string>());

        (int exit, string output) = Validate(predicate);

        Assert.True(exit == 0, output);
    }

    [Theory]
    [InlineData("no-decision")]
    [InlineData("unknown-decision")]
    [InlineData("policy-without-digest")]
    [InlineData("store-without-builtAt")]
    [InlineData("findings-not-an-array")]
    public void DamagedPredicate_IsInvalid(string damage)
    {
        JsonNode predicate = JsonNode.Parse(PolicyResultPredicate.Create(ReportScenario.Context()))!;
        switch (damage)
        {
            case "no-decision":
                predicate.AsObject().Remove("decision");
                break;
            case "unknown-decision":
                predicate["decision"] = "maybe";
                break;
            case "policy-without-digest":
                predicate["policy"]!.AsObject().Remove("digest");
                break;
            case "store-without-builtAt":
                predicate["store"]!.AsObject().Remove("builtAt");
                break;
            default:
                predicate["findings"] = "none";
                break;
        }

        (int exit, string output) = Validate(System.Text.Encoding.UTF8.GetBytes(predicate.ToJsonString()));

        Assert.True(exit == 1, $"exit {exit}: {output}");
        Assert.Contains(": invalid ", output, StringComparison.Ordinal);
    }

    private (int Exit, string Output) Validate(byte[] predicate)
    {
        string file = Path.Combine(_dir, $"{Guid.NewGuid():N}.json");
        File.WriteAllBytes(file, predicate);
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Root };
        foreach (string argument in (string[])[
            Path.Combine(Root, "tests", "interop", "validate-json-schema.mjs"),
            Path.Combine(Root, "docs", "policy-result.schema.json"),
            "--ref", Path.Combine(Root, "docs", "report.schema.json"),
            file])
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("node did not start (needs Node.js 20+ and `npm ci --prefix tests/interop`)");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("validate-json-schema.mjs did not finish in 2 minutes");
        }

        string output = stdout.Result + stderr.Result;

        // 2 = the schema did not load or the file was unreadable: nothing was judged, so neither verdict holds.
        Assert.True(process.ExitCode is 0 or 1, $"validator failed (exit {process.ExitCode}): {output}");
        return (process.ExitCode, output);
    }
}
