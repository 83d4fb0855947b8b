using System.Text;
using SupplyGate.Tests.Shared;
using Xunit.Abstractions;

namespace SupplyGate.Cli.Tests.Auditing;

/// <summary>
/// Runs every sigstore-conformance <c>bundle-verify</c> case through <c>supplygate verify-bundle</c> (in-process, no
/// network): a passing case must exit 0, a <c>_fail</c> case must not (4 naming the check, or 2 when the verifier's
/// own inputs, the trusted root or key, are unusable). Prints the score and each case that does not behave; the
/// documented exceptions (SigstoreConformanceSuite.Exceptions) must behave exactly as documented, and nothing else
/// may misbehave.
/// </summary>
[Trait("Category", "unit")]
public sealed class SigstoreConformanceTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (string name in SigstoreConformanceSuite.CaseNames())
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void The_suite_has_its_70_cases()
    {
        Assert.Equal(70, SigstoreConformanceSuite.CaseNames().Count());
        Assert.All(SigstoreConformanceSuite.Exceptions.Keys, name => Assert.Contains(name, SigstoreConformanceSuite.CaseNames()));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_behaves_as_the_suite_expects_or_as_documented(string name)
    {
        (int exit, string text) = Run(name);
        output.WriteLine($"{name}: exit {exit}: {text}");
        if (SigstoreConformanceSuite.Exceptions.TryGetValue(name, out KnownException? known))
        {
            Assert.True(exit == known.ExitCode, $"{name} is documented to exit {known.ExitCode} ({known.Reason}) but exited {exit}: {text}. If it now behaves, remove it from the exceptions.");
            if (known.Code is not null)
            {
                Assert.Contains(known.Code, text, StringComparison.Ordinal);
            }

            return;
        }

        if (SigstoreConformanceSuite.MustFail(name))
        {
            Assert.True(exit is 4 or 2, $"{name} must fail verification but exited {exit}: {text}");
            if (exit == 4)
            {
                Assert.Contains("VERIFICATION FAILED: check '", text, StringComparison.Ordinal);
            }
        }
        else
        {
            Assert.True(exit == 0, $"{name} must verify but exited {exit}: {text}");
            Assert.StartsWith("Verified OK:", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Score_is_printed_and_only_documented_cases_misbehave()
    {
        var misbehaving = new List<string>();
        var failingAsUnsupported = new List<string>();
        int total = 0;
        foreach (string name in SigstoreConformanceSuite.CaseNames())
        {
            total++;
            (int exit, string text) = Run(name);
            bool behaves = SigstoreConformanceSuite.MustFail(name) ? exit != 0 : exit == 0;
            if (behaves && exit == 4 && text.Contains($"({Core.Diagnostics.DiagnosticCode.TransparencyLogUnsupported})", StringComparison.Ordinal))
            {
                failingAsUnsupported.Add(name);
            }

            if (!behaves)
            {
                string reason = SigstoreConformanceSuite.Exceptions.TryGetValue(name, out KnownException? known) ? known.Reason : "UNDOCUMENTED";
                misbehaving.Add($"  {name}: exit {exit}, expected {(SigstoreConformanceSuite.MustFail(name) ? "failure" : "0")}: {reason} [{FirstLine(text)}]");
            }
        }

        var report = new StringBuilder();
        report.AppendLine($"Sigstore conformance (bundle-verify through supplygate verify-bundle): {total - misbehaving.Count}/{total} cases behave");
        foreach (string line in misbehaving)
        {
            report.AppendLine(line);
        }

        if (failingAsUnsupported.Count > 0)
        {
            report.AppendLine($"  ({failingAsUnsupported.Count} _fail cases fail only because their Rekor v2 log is unsupported, not for their own reason: {string.Join(", ", failingAsUnsupported)})");
        }

        string score = report.ToString();
        output.WriteLine(score);
        Console.WriteLine(score);
        string artifacts = Path.Combine(RepositoryPaths.Root, "artifacts");
        System.IO.Directory.CreateDirectory(artifacts);
        File.WriteAllText(Path.Combine(artifacts, "sigstore-conformance.txt"), score);

        Assert.DoesNotContain(misbehaving, line => line.Contains("UNDOCUMENTED", StringComparison.Ordinal));
        Assert.Equal(SigstoreConformanceSuite.Exceptions.Count, misbehaving.Count);
    }

    private static (int Exit, string Text) Run(string name)
    {
        var (exit, stdout, stderr) = CliRunner.Run(null, SigstoreConformanceSuite.Directory, SigstoreConformanceSuite.Arguments(name));
        return (exit, (stdout + stderr).Trim());
    }

    private static string FirstLine(string text) => text.Split('\n')[0];
}
