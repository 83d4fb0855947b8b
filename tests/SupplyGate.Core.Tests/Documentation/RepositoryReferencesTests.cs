using System.Diagnostics;
using System.Text.RegularExpressions;
using SupplyGate.Core.Tests.Interop;

namespace SupplyGate.Core.Tests.Documentation;

/// <summary>
/// The repository explains itself: no tracked file refers to a document that is not in it (the founders'
/// working notes, an issue tracker's numbers), and every <c>docs/*.md</c> a file names exists.
/// </summary>
[Trait("Category", "integration")]
public sealed partial class RepositoryReferencesTests
{
    // Built from pieces so this file does not match itself.
    private static readonly string[] ForeignDocuments =
    [
        "SPECS" + ".md", "DESIGN" + ".md", "ANCHORS" + ".md", "STYLE" + ".md", "../" + "shared", "NOTES" + ".md",
    ];

    [Fact]
    public void NoTrackedFile_RefersToADocumentOutsideTheRepository()
    {
        var offenders = new List<string>();
        foreach ((string path, string[] lines) in TrackedTextFiles())
        {
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i];
                if (ForeignDocuments.Any(d => line.Contains(d, StringComparison.Ordinal)) || IssueNumber().IsMatch(line))
                {
                    offenders.Add($"{path}:{i + 1}: {line.Trim()}");
                }
            }
        }

        Assert.True(offenders.Count == 0, "References to documents that are not in the repository:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void EveryDocsPageNamed_Exists()
    {
        string root = CycloneDxSchemaValidator.FindRepositoryRoot();
        var missing = new List<string>();
        int seen = 0;
        foreach ((string path, string[] lines) in TrackedTextFiles())
        {
            for (int i = 0; i < lines.Length; i++)
            {
                foreach (Match m in DocsPage().Matches(lines[i]))
                {
                    seen++;
                    if (!File.Exists(Path.Combine(root, "docs", m.Groups[1].Value)))
                    {
                        missing.Add($"{path}:{i + 1}: {m.Value}");
                    }
                }
            }
        }

        Assert.True(seen > 50, $"only {seen} docs/ references found: the scan did not read the repository");
        Assert.True(missing.Count == 0, "docs pages named but missing:\n" + string.Join('\n', missing));
    }

    private static IEnumerable<(string Path, string[] Lines)> TrackedTextFiles()
    {
        string root = CycloneDxSchemaValidator.FindRepositoryRoot();
        var git = new ProcessStartInfo("git", ["-C", root, "ls-files", "-z"]) { RedirectStandardOutput = true };
        using Process process = Process.Start(git)!;
        string listing = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);

        string self = Path.Combine("tests", "SupplyGate.Core.Tests", "Documentation", nameof(RepositoryReferencesTests) + ".cs");
        foreach (string path in listing.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // Third-party data keeps its own words; this file names what it looks for.
            if (path.StartsWith("tests/Fixtures/", StringComparison.Ordinal) || path.StartsWith("tests/Fuzz/", StringComparison.Ordinal)
                || path == self.Replace('\\', '/') || !IsText(path))
            {
                continue;
            }

            string full = Path.Combine(root, path);
            if (File.Exists(full))
            {
                yield return (path, File.ReadAllLines(full));
            }
        }
    }

    private static bool IsText(string path) => Path.GetExtension(path) is ".cs" or ".md" or ".sh" or ".mjs" or ".js" or ".props"
        or ".targets" or ".csproj" or ".yml" or ".yaml" or ".json" or ".txt" or ".editorconfig" or ""
        && !path.EndsWith("package-lock.json", StringComparison.Ordinal);

    // "issue 5" of this project's tracker; "owner/repo issue 4828" names a public issue and stays.
    [GeneratedRegex(@"(?<![A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+ )\b[Ii]ssues? \d+")]
    private static partial Regex IssueNumber();

    [GeneratedRegex(@"(?<![/\w.-])docs/([A-Za-z0-9_-]+\.md)")]
    private static partial Regex DocsPage();
}
