using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>
/// `check --format html` through the real CLI, rendered by headless Chromium (installed by build/setup.sh):
/// the page must show the verdict and the finding rows, its script must run to the end without a console
/// error (a CSP hash mismatch or a throw both show up there), and a screenshot lands in artifacts/ for people.
/// </summary>
[Trait("Category", "integration")]
public sealed class HtmlReportRenderingTests
{
    private static readonly TimeSpan ChromiumTimeout = TimeSpan.FromMinutes(2);
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void CheckHtml_OnADeniedSbom_RendersInHeadlessChromium()
    {
        string chromium = FindChromium();
        using var layout = new SampleLayout();
        string sbom = layout.Combine("app.cdx.json");
        Assert.Equal(0, CliRunner.Run(null, layout.Root, "sbom", layout.ProjectFile, "-o", sbom).ExitCode);
        string report = layout.Combine("report.html");

        var (exit, output, error) = CliRunner.Run(null, layout.Root, "check", sbom, "--format", "html", "-o", report);

        Assert.True(exit == 1, $"exit {exit}\n{output}\n{error}");
        Assert.True(File.Exists(report), error);
        string url = new Uri(report).AbsoluteUri;

        // The deep link sorts the findings by severity, worst first, on load: proof that the sorting code ran.
        ProcessResult dump = Chromium(chromium, layout, "--enable-logging=stderr", "--v=0", "--dump-dom", url + "#sort=severity:desc");
        Assert.True(dump.ExitCode == 0, $"chromium --dump-dom exited {dump.ExitCode}\n{dump.Error}");
        string dom = dump.Output;
        Assert.Contains("data-ready=\"1\"", dom, StringComparison.Ordinal);
        Assert.Contains("data-verdict=\"deny\">DENY</span>", dom, StringComparison.Ordinal);
        Assert.Matches("<tr class=\"status-deny\" data-advisory=\"GHSA-98g6-xh36-x2p7\"[^>]*>", dom);
        Assert.Contains("Microsoft.Data.SqlClient", dom, StringComparison.Ordinal);
        Assert.Matches("<th scope=\"col\" aria-sort=\"descending\" data-key=\"severity\"", dom);
        int[] severities = [.. Regex.Matches(dom, "<tr class=\"status-\\w+\"[^>]*><td data-sort=\"(\\d+)\"").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];
        Assert.True(severities.Length >= 1, "no finding rows in the rendered DOM");
        Assert.Equal(severities.OrderDescending(), severities);

        // Chromium logs every console message of the page as "CONSOLE"; the page logs nothing, so any is an error.
        string[] console = [.. dump.Error.Split('\n').Where(l => l.Contains("CONSOLE", StringComparison.Ordinal) || l.Contains("Uncaught", StringComparison.Ordinal))];
        Assert.True(console.Length == 0, "console output from the page:\n" + string.Join('\n', console));

        string png = layout.Combine("report.png");
        ProcessResult shot = Chromium(chromium, layout, $"--screenshot={png}", "--window-size=1280,2000", url);
        Assert.True(shot.ExitCode == 0 && File.Exists(png), $"chromium --screenshot exited {shot.ExitCode}\n{shot.Error}");
        byte[] bytes = File.ReadAllBytes(png);
        Assert.True(bytes.AsSpan().StartsWith(PngSignature), "not a PNG");
        Assert.True(bytes.Length > 10 * 1024, $"screenshot is only {bytes.Length} bytes: a blank page?");
        Assert.Equal(1280, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4))); // IHDR width
        Assert.Equal(2000, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4))); // IHDR height

        // For people: the page and its picture, kept after the temp directory goes.
        string artifacts = Path.Combine(RepositoryPaths.Root, "artifacts", "html-report");
        Directory.CreateDirectory(artifacts);
        File.Copy(png, Path.Combine(artifacts, "check-sample.png"), overwrite: true);
        File.Copy(report, Path.Combine(artifacts, "check-sample.html"), overwrite: true);
    }

    /// <summary>Chromium with its own profile in the test's directory, so parallel runs never share one.</summary>
    private static ProcessResult Chromium(string chromium, SampleLayout layout, params string[] arguments) => ProcessRunner.Run(
        chromium,
        ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=" + layout.Combine("chromium-profile"), .. arguments],
        layout.Root,
        timeout: ChromiumTimeout);

    /// <summary>SUPPLYGATE_CHROMIUM, else chromium on the PATH; a missing browser fails the test (CI installs it).</summary>
    private static string FindChromium()
    {
        if (Environment.GetEnvironmentVariable("SUPPLYGATE_CHROMIUM") is { Length: > 0 } configured)
        {
            Assert.True(File.Exists(configured), $"SUPPLYGATE_CHROMIUM={configured} does not exist.");
            return configured;
        }

        string[] names = ["chromium", "chromium-browser", "google-chrome"];
        string[] directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (string name in names)
        {
            foreach (string directory in directories.Append("/usr/bin"))
            {
                string candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        Assert.Fail($"Headless Chromium was not found ({string.Join(", ", names)} on PATH or in /usr/bin, or SUPPLYGATE_CHROMIUM). "
            + "Install it with build/setup.sh (Debian package 'chromium'); this test does not skip.");
        return string.Empty;
    }
}
