using System.Text.Json;
using System.Text.RegularExpressions;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>
/// The GitHub Action. action/run.sh runs here as the runner would run it (INPUT_* variables,
/// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files) with this build's CLI instead of an installed tool; action.yml
/// and the example workflow are parsed by GitHub's own parser (@actions/workflow-parser).
/// </summary>
[Trait("Category", "integration")]
public sealed partial class GitHubActionTests
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(4);

    private static readonly string[] InputNames =
    [
        "PROJECT", "IMAGE", "POLICY", "DB", "TRUSTED_ROOT", "CERTIFICATE_IDENTITY", "CERTIFICATE_IDENTITY_REGEXP", "SIGN",
        "SIGNING_KEY", "SIGNING_CERTIFICATE", "TIMESTAMP_URL", "FAIL_ON", "SARIF_FILE", "VERSION", "WORKING_DIRECTORY",
    ];

    /// <summary>The CLI this test project built (its output has supplygate.dll with its runtimeconfig and deps), or SUPPLYGATE_CLI.</summary>
    private static string CliCommand => BuiltCli.ShellCommand;

    [Fact]
    public void Project_SampleApp_DeniesWithSummaryOutputsAndAFailingStep()
    {
        using var layout = new SampleLayout();

        ActionRun run = RunAction(layout.Root, new() { ["PROJECT"] = layout.ProjectFile });

        Assert.True(run.Process.ExitCode == 1, run.Describe());
        Assert.Equal("deny", run.Outputs["decision"]);
        Assert.Equal("1", run.Outputs["exit-code"]);
        Assert.Contains("## SupplyGate: DENY", run.Summary, StringComparison.Ordinal);
        Assert.Contains("Microsoft.Data.SqlClient", run.Summary, StringComparison.Ordinal);
        Assert.Contains("GHSA-98g6-xh36-x2p7", run.Summary, StringComparison.Ordinal);
        Assert.Contains("::error title=SupplyGate::decision: deny", run.Process.Output, StringComparison.Ordinal);

        string sbom = run.Outputs["sbom"];
        Assert.True(Path.IsPathRooted(sbom) && File.Exists(sbom), run.Describe());
        using (JsonDocument bom = JsonDocument.Parse(File.ReadAllText(sbom)))
        {
            Assert.Equal("CycloneDX", bom.RootElement.GetProperty("bomFormat").GetString());
        }

        string sarif = run.Outputs["sarif"];
        Assert.True(Path.IsPathRooted(sarif) && File.Exists(sarif), run.Describe());
        using (JsonDocument log = JsonDocument.Parse(File.ReadAllText(sarif)))
        {
            Assert.Equal("2.1.0", log.RootElement.GetProperty("version").GetString());
            Assert.Contains("GHSA-98g6-xh36-x2p7", log.RootElement.GetProperty("runs").GetRawText(), StringComparison.Ordinal);
        }

        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(run.Outputs["report"]));
        Assert.Equal("deny", report.RootElement.GetProperty("decision").GetString());
    }

    [Fact]
    public void Project_SampleApp_FailOnNever_ReportsDenyButPassesTheStep()
    {
        using var layout = new SampleLayout();

        ActionRun run = RunAction(layout.Root, new() { ["PROJECT"] = layout.ProjectFile, ["FAIL_ON"] = "never" });

        Assert.True(run.Process.ExitCode == 0, run.Describe());
        Assert.Equal("deny", run.Outputs["decision"]);
        Assert.Contains("::warning title=SupplyGate::decision: deny (fail-on: never)", run.Process.Output, StringComparison.Ordinal);
        Assert.Contains("## SupplyGate: DENY", run.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void CleanSbom_WithDataFreshEnoughForThePolicy_Passes()
    {
        using var temp = new TempDirectory("sg-action");
        string sbom = WriteCleanSbom(temp);
        string policy = WriteFreshEnoughPolicy(temp);

        ActionRun run = RunAction(temp.Path, new() { ["PROJECT"] = "clean.cdx.json", ["POLICY"] = policy, ["FAIL_ON"] = "warn" });

        Assert.True(run.Process.ExitCode == 0, run.Describe());
        Assert.Equal("pass", run.Outputs["decision"]);
        Assert.Equal(sbom, run.Outputs["sbom"]); // an SBOM input is gated as it is, not regenerated
        Assert.Contains("## SupplyGate: PASS", run.Summary, StringComparison.Ordinal);
        Assert.True(File.Exists(run.Outputs["sarif"]), run.Describe());
    }

    [Fact]
    public void CleanSbom_OnStaleSampleData_WarnsAndFailsOnlyWithFailOnWarn()
    {
        using var temp = new TempDirectory("sg-action");
        WriteCleanSbom(temp);

        ActionRun lenient = RunAction(temp.Path, new() { ["PROJECT"] = "clean.cdx.json" });
        ActionRun strict = RunAction(temp.Path, new() { ["PROJECT"] = "clean.cdx.json", ["FAIL_ON"] = "warn" });

        Assert.Equal("warn", lenient.Outputs["decision"]);
        Assert.True(lenient.Process.ExitCode == 0, lenient.Describe());
        Assert.Equal("warn", strict.Outputs["decision"]);
        Assert.True(strict.Process.ExitCode == 1, strict.Describe());
    }

    [Theory]
    [InlineData(new string[0], "nothing to gate")]
    [InlineData(new[] { "PROJECT", "x.csproj", "FAIL_ON", "sometimes" }, "fail-on must be deny, warn or never")]
    [InlineData(new[] { "IMAGE", "localhost:5000/app:1" }, "image needs trusted-root")]
    [InlineData(new[] { "PROJECT", "x.csproj", "SIGN", "true" }, "sign: true needs both project")]
    public void BadInputs_AreAnErrorThatAlwaysFails(string[] inputs, string message)
    {
        using var temp = new TempDirectory("sg-action");
        var given = new Dictionary<string, string>();
        for (int i = 0; i < inputs.Length; i += 2)
        {
            given[inputs[i]] = inputs[i + 1];
        }

        given["FAIL_ON"] = given.GetValueOrDefault("FAIL_ON", "never");
        ActionRun run = RunAction(temp.Path, given);

        Assert.True(run.Process.ExitCode == 2, run.Describe());
        Assert.Equal("error", run.Outputs["decision"]);
        Assert.Contains("::error title=SupplyGate::" + message, run.Process.Output, StringComparison.Ordinal);
        Assert.Contains("## SupplyGate: ERROR", run.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Inputs_WithShellSyntax_ReachTheToolAsLiteralArgumentsNeverAsCode()
    {
        using var temp = new TempDirectory("sg-action");
        string marker = temp.Combine("pwned");
        string log = temp.Combine("calls.txt");
        string policy = $"default\"; touch {marker}; echo \"";

        ActionRun run = RunAction(
            temp.Path,
            new()
            {
                ["PROJECT"] = $"$(touch {marker}).csproj",
                ["POLICY"] = policy,
                ["SARIF_FILE"] = $"`touch {marker}`.sarif",
            },
            command: $"bash {WriteFakeTool(temp)}",
            extra: new() { ["FAKE_LOG"] = log, ["FAKE_EXIT"] = "0" });

        Assert.False(File.Exists(marker), "an input was executed as shell code\n" + run.Describe());
        string[] calls = File.ReadAllLines(log);
        Assert.Equal($"sbom $(touch {marker}).csproj -o {temp.Combine("supplygate.cdx.json")}", calls[0]);
        Assert.Equal($"check $(touch {marker}).csproj --policy {policy} --format sarif -o {temp.Combine($"`touch {marker}`.sarif")}", calls[2]);
    }

    [Theory]
    [InlineData(0, "deny", "pass", 0)]
    [InlineData(1, "deny", "deny", 1)]
    [InlineData(3, "deny", "stale", 3)]
    [InlineData(4, "deny", "verification-failed", 4)]
    [InlineData(4, "never", "verification-failed", 0)]
    [InlineData(2, "never", "error", 2)]
    public void Image_VerifyExitCodes_MapToDecisionAndFailOn(int toolExit, string failOn, string decision, int stepExit)
    {
        // No registry here: a stand-in for the tool records its arguments and exits as told, which is all the
        // script sees of `supplygate verify` (the verb itself is tested with a real registry in its own suite).
        using var temp = new TempDirectory("sg-action");
        string log = temp.Combine("calls.txt");
        string fake = WriteFakeTool(temp);

        ActionRun run = RunAction(
            temp.Path,
            new()
            {
                ["IMAGE"] = "localhost:5000/team/app:1.0",
                ["TRUSTED_ROOT"] = "trusted_root.json",
                ["CERTIFICATE_IDENTITY"] = "https://ci.example.com/team/app",
                ["POLICY"] = "strict",
                ["DB"] = "advisories.db",
                ["FAIL_ON"] = failOn,
            },
            command: $"bash {fake}",
            extra: new() { ["FAKE_LOG"] = log, ["FAKE_EXIT"] = toolExit.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.True(run.Process.ExitCode == stepExit, run.Describe());
        Assert.Equal(decision, run.Outputs["decision"]);
        string first = File.ReadAllLines(log)[0];
        Assert.Equal(
            $"verify localhost:5000/team/app:1.0 --trusted-root trusted_root.json --policy strict --db advisories.db --certificate-identity https://ci.example.com/team/app --format json -o {temp.Combine("supplygate-verify.json")}",
            first);
    }

    [Fact]
    public void ActionYml_ParsesWithGitHubsActionSchema_AndPassesInputsOnlyThroughTheEnvironment()
    {
        ParseResult parsed = Parse("action", Path.Combine(RepositoryPaths.Root, "action.yml"));

        Assert.True(parsed.ExitCode == 0, parsed.Raw);
        Assert.Empty(parsed.Errors);
        JsonElement root = parsed.Document.RootElement;
        Assert.Equal("composite", root.GetProperty("using").GetString());
        Assert.Empty(root.GetProperty("unknownInputs").EnumerateArray());
        string[] inputs = root.GetProperty("inputs").EnumerateArray().Select(e => e.GetString()!).ToArray();
        foreach (string required in new[] { "image", "project", "policy", "trusted-root", "sign", "fail-on", "sarif-file", "db", "certificate-identity", "version", "working-directory" })
        {
            Assert.Contains(required, inputs);
        }

        string[] outputs = root.GetProperty("outputs").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(["decision", "exit-code", "sbom", "sarif", "report"], outputs);

        // Script injection: no step's script text may contain ${{ }}; every input is mapped to an INPUT_* variable.
        Assert.All(root.GetProperty("runSteps").EnumerateArray(), step => Assert.False(step.GetProperty("expressionInRun").GetBoolean(), step.ToString()));
        string yaml = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "action.yml"));
        foreach (string input in inputs)
        {
            Assert.Contains($"INPUT_{input.Replace('-', '_').ToUpperInvariant()}: ${{{{ inputs.{input} }}}}", yaml, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ExampleWorkflow_ParsesWithGitHubsWorkflowSchema_AndPinsEveryActionBySha()
    {
        string file = Path.Combine(RepositoryPaths.Root, "docs", "examples", "supplygate.yml");

        ParseResult parsed = Parse("workflow", file);

        Assert.True(parsed.ExitCode == 0, parsed.Raw);
        Assert.Empty(parsed.Errors);
        string[] uses = parsed.Document.RootElement.GetProperty("uses").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Contains("<owner>/supplygate@<40-hex-sha>", uses);
        Assert.Contains(uses, u => u.StartsWith("github/codeql-action/upload-sarif@", StringComparison.Ordinal));
        // prior art, docs/architecture.md §6: tags were force-pushed to malware; only a full commit SHA is immutable. SupplyGate's own
        // line is a placeholder the reader fills with the release commit they reviewed.
        Assert.All(uses.Where(u => u != "<owner>/supplygate@<40-hex-sha>"), u => Assert.Matches(PinnedBySha(), u));

        string yaml = File.ReadAllText(file);
        Assert.Contains("security-events: write", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("id-token", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("write-all", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Docs_ShowTheExampleWorkflowAndEveryInput()
    {
        string docs = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "github-action.md"));
        string example = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "examples", "supplygate.yml"));
        ParseResult action = Parse("action", Path.Combine(RepositoryPaths.Root, "action.yml"));

        Assert.Contains(example.Trim(), docs.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        foreach (JsonElement input in action.Document.RootElement.GetProperty("inputs").EnumerateArray())
        {
            Assert.Contains($"| `{input.GetString()}` |", docs, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parser_ReportsErrors_ForABrokenWorkflowAndABrokenAction()
    {
        using var temp = new TempDirectory("sg-action");
        string workflow = temp.Combine("broken.yml");
        File.WriteAllText(workflow, "on: [push]\njobs:\n  gate:\n    runs-on: ubuntu-latest\n    stepz:\n      - run: echo hi\n");
        string action = temp.Combine("action.yml");
        File.WriteAllText(action, "name: x\ndescription: y\nruns:\n  using: composite\n  steps:\n    - run: echo ${{ inputs.missing }}\n");

        ParseResult brokenWorkflow = Parse("workflow", workflow);
        ParseResult brokenAction = Parse("action", action);

        Assert.Equal(1, brokenWorkflow.ExitCode);
        Assert.Contains(brokenWorkflow.Errors, e => e.Contains("stepz", StringComparison.Ordinal));
        Assert.Equal(1, brokenAction.ExitCode);
        Assert.Contains(brokenAction.Errors, e => e.Contains("shell", StringComparison.Ordinal));
        Assert.Equal(["missing"], brokenAction.Document.RootElement.GetProperty("unknownInputs").EnumerateArray().Select(e => e.GetString()!));
    }

    /// <summary>A stand-in for the tool: appends its arguments (one call per line) to $FAKE_LOG, exits $FAKE_EXIT.</summary>
    private static string WriteFakeTool(TempDirectory temp)
    {
        string fake = temp.Combine("fake-supplygate.sh");
        File.WriteAllText(fake, "#!/usr/bin/env bash\nprintf '%s\\n' \"$*\" >> \"$FAKE_LOG\"\nexit \"$FAKE_EXIT\"\n");
        return fake;
    }

    /// <summary>The bundled sample data is years old; this policy accepts it, so a clean SBOM leaves nothing to warn about.</summary>
    internal static string WriteFreshEnoughPolicy(TempDirectory temp)
    {
        string policy = temp.Combine("fresh.yaml");
        File.WriteAllText(policy, "apiVersion: supplygate.dev/v1alpha1\nkind: Policy\nmetadata:\n  name: fresh-enough\nspec:\n  data:\n    maxAge: 36500d\n");
        return policy;
    }

    internal static string WriteCleanSbom(TempDirectory temp)
    {
        string path = temp.Combine("clean.cdx.json");
        File.WriteAllText(path, """
            {"bomFormat":"CycloneDX","specVersion":"1.6","version":1,
             "metadata":{"component":{"type":"application","name":"Clean","version":"1.0.0","bom-ref":"pkg:nuget/Clean@1.0.0","purl":"pkg:nuget/Clean@1.0.0"}},
             "components":[]}
            """);
        return path;
    }

    internal static ActionRun RunAction(
        string workingDirectory,
        Dictionary<string, string> inputs,
        string? command = null,
        Dictionary<string, string>? extra = null)
    {
        string outputFile = Path.Combine(workingDirectory, "github-output.txt");
        string summaryFile = Path.Combine(workingDirectory, "step-summary.md");
        File.WriteAllText(outputFile, "");
        File.WriteAllText(summaryFile, "");
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["SUPPLYGATE_COMMAND"] = command ?? CliCommand,
            ["GITHUB_OUTPUT"] = outputFile,
            ["GITHUB_STEP_SUMMARY"] = summaryFile,
            ["SUPPLYGATE_DB"] = "",
        };
        // Every input is set, as the runner sets them all (to "" when not given), so nothing leaks in from outside.
        foreach (string name in InputNames)
        {
            env[$"INPUT_{name}"] = inputs.GetValueOrDefault(name, name switch { "WORKING_DIRECTORY" => workingDirectory, _ => "" });
        }

        foreach ((string key, string value) in extra ?? [])
        {
            env[key] = value;
        }

        ProcessResult process = ProcessRunner.Run("bash", [Path.Combine(RepositoryPaths.Root, "action", "run.sh")], workingDirectory, env, ScriptTimeout);
        var outputs = File.ReadAllLines(outputFile)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .GroupBy(parts => parts[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);
        return new ActionRun(process, outputs, File.ReadAllText(summaryFile));
    }

    private static ParseResult Parse(string kind, string file)
    {
        ProcessResult result = ProcessRunner.Run(
            "node",
            [Path.Combine(RepositoryPaths.Root, "tests", "interop", "parse-workflow.mjs"), kind, file],
            RepositoryPaths.Root,
            null,
            TimeSpan.FromMinutes(1));
        if (result.ExitCode is not (0 or 1))
        {
            // 2 = usage error or @actions/workflow-parser missing: nothing was judged, so the test must fail.
            throw new InvalidOperationException($"parse-workflow.mjs exited {result.ExitCode} (run build/setup.sh for tests/interop/node_modules): {result.All}");
        }

        var document = JsonDocument.Parse(result.Output);
        string[] errors = document.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToArray();
        return new ParseResult(result.ExitCode, errors, document, result.All);
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")]
    private static partial Regex PinnedBySha();

    internal sealed record ActionRun(ProcessResult Process, IReadOnlyDictionary<string, string> Outputs, string Summary)
    {
        public string Describe() =>
            $"exit {Process.ExitCode}\noutputs: {string.Join(", ", Outputs.Select(o => $"{o.Key}={o.Value}"))}\n{Process.All}\nsummary:\n{Summary}";
    }

    private sealed record ParseResult(int ExitCode, string[] Errors, JsonDocument Document, string Raw);
}
