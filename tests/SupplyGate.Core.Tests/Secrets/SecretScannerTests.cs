using System.Text;
using SupplyGate.Core.Secrets;

namespace SupplyGate.Core.Tests.Secrets;

/// <summary>Files and directories: positions, binary and size limits, allow rules, never the secret.</summary>
[Trait("Category", "integration")]
public sealed class SecretScannerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "supplygate-secrets-" + Path.GetRandomFileName());

    public SecretScannerTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void AppSettingsProduction_SqlPassword_FoundAtLineAndColumn()
    {
        string password = FakeSecrets.Password();
        string json = "{\n  \"Logging\": { \"LogLevel\": { \"Default\": \"Warning\" } },\n  \"ConnectionStrings\": {\n"
            + "    \"Orders\": \"Server=tcp:sql.internal,1433;Database=orders;User Id=orders_app;Password=" + password + ";Encrypt=True;\"\n  }\n}\n";
        int offset = json.IndexOf("Password=", StringComparison.Ordinal);
        int lineStart = json.LastIndexOf('\n', offset) + 1;

        SecretScanResult result = new SecretScanner().ScanFile("appsettings.Production.json", Utf8Stream(json, bom: true), CancellationToken.None);

        SecretFinding finding = Assert.Single(result.Findings);
        Assert.Equal(BuiltInSecretRules.ConnectionStringPassword, finding.RuleId);
        Assert.Equal(4, finding.Line);
        Assert.Equal(offset - lineStart + 1, finding.Column);
        Assert.Equal($"appsettings.Production.json:4:{offset - lineStart + 1}", finding.Location);
        Assert.Equal(Core.Kernel.Severity.High, finding.Severity);
        Assert.Equal("Pq7!**** (18 chars)", finding.Redacted);
        SecretAssert.DoesNotLeak(password, finding.ToString());
        Assert.Equal(1, result.FilesScanned);
    }

    [Fact]
    public void CrLfAndLoneCr_CountAsLineEnds()
    {
        string token = FakeSecrets.GitHubToken();
        string text = "a\r\nb\rc\n  " + token;

        SecretFinding finding = Assert.Single(new SecretScanner().ScanText("x.txt", text, CancellationToken.None).Findings);

        Assert.Equal((4, 3), (finding.Line, finding.Column));
    }

    [Fact]
    public void BinaryFile_NulInFirst8K_IsSkipped()
    {
        byte[] content = [.. Encoding.UTF8.GetBytes("MZ"), 0, .. Encoding.UTF8.GetBytes(FakeSecrets.GitHubToken())];

        SecretScanResult result = new SecretScanner().ScanFile("app.dll", new MemoryStream(content), CancellationToken.None);

        Assert.Empty(result.Findings);
        Assert.Equal(1, result.BinaryFiles);
        Assert.Equal(0, result.FilesScanned);
    }

    [Fact]
    public void NulAfterFirst8K_IsStillText()
    {
        byte[] content = [.. Encoding.UTF8.GetBytes(FakeSecrets.GitHubToken() + "\n" + new string(' ', 9000)), 0];

        SecretScanResult result = new SecretScanner().ScanFile("log.txt", new MemoryStream(content), CancellationToken.None);

        Assert.Single(result.Findings);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void OversizedFile_IsSkippedAndListed(bool seekable)
    {
        var scanner = new SecretScanner(new SecretScanOptions { MaxFileBytes = 1024 });
        byte[] content = Encoding.UTF8.GetBytes(FakeSecrets.GitHubToken() + new string('\n', 2000));
        Stream stream = seekable ? new MemoryStream(content) : new NonSeekableStream(content);

        SecretScanResult result = scanner.ScanFile("big.txt", stream, CancellationToken.None);

        Assert.Empty(result.Findings);
        SkippedFile skipped = Assert.Single(result.Skipped);
        Assert.Equal(SecretSkipReason.TooLarge, skipped.Reason);
        Assert.Equal("big.txt", skipped.Path);
        Assert.Contains("1024-byte limit", skipped.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tests/fixtures/appsettings.json")]
    [InlineData("src/App/test/keys.txt")]
    [InlineData("docs/setup.txt")]
    [InlineData("README.md")]
    [InlineData("usr/share/doc/openssl/demo.pem")]
    [InlineData("app/node_modules/pkg/key.txt")]
    public void BuiltInAllowedPaths_AreNotRead(string path)
    {
        SecretScanResult result = new SecretScanner().ScanFile(path, Utf8Stream(FakeSecrets.GitHubToken()), CancellationToken.None);

        Assert.Empty(result.Findings);
        Assert.Equal(1, result.AllowedFiles);
    }

    [Fact]
    public void AllowRuleForOneRule_KeepsOtherRules()
    {
        var options = new SecretScanOptions
        {
            AllowRules = [new SecretAllowRule { Path = "config/*.json", RuleId = BuiltInSecretRules.ConnectionStringPassword, Reason = "local dev db" }],
        };
        string text = "{\"Db\": \"Password=" + FakeSecrets.Password() + "\", \"Gh\": \"" + FakeSecrets.GitHubToken() + "\"}";

        SecretScanResult result = new SecretScanner(options).ScanText("config/dev.json", text, CancellationToken.None);

        Assert.Equal(BuiltInSecretRules.GitHubToken, Assert.Single(result.Findings).RuleId);
    }

    [Fact]
    public void ScanDirectory_FindsHiddenAndNestedFiles_SkipsBinaries_SortsByPath()
    {
        Write(".env", "DB_PASSWORD=" + FakeSecrets.Password() + "\n");
        Write("wwwroot/js/app.js", "const t = '" + FakeSecrets.GitHubToken() + "';\n");
        Write("appsettings.Production.json", "{\"S\": \"AccountKey=" + FakeSecrets.AzureStorageKey() + ";\"}");
        File.WriteAllBytes(Path.Combine(_root, "App.dll"), [0x4D, 0x5A, 0, 0, .. Encoding.UTF8.GetBytes(FakeSecrets.NuGetApiKey())]);
        Write("App.deps.json", "{\"libraries\": {}}");

        SecretScanResult result = new SecretScanner().ScanDirectory(_root, CancellationToken.None);

        Assert.Equal([".env", "appsettings.Production.json", "wwwroot/js/app.js"], result.Findings.Select(f => f.Path));
        Assert.Equal(
            [BuiltInSecretRules.ConnectionStringPassword, BuiltInSecretRules.AzureStorageKey, BuiltInSecretRules.GitHubToken],
            result.Findings.Select(f => f.RuleId));
        Assert.Equal(4, result.FilesScanned);
        Assert.Equal(1, result.BinaryFiles);
        Assert.Empty(result.Skipped);
    }

    [Fact]
    public void ScanDirectory_DoesNotFollowSymlinks()
    {
        string outside = Path.Combine(Path.GetTempPath(), "supplygate-secrets-outside-" + Path.GetRandomFileName());
        Directory.CreateDirectory(outside);
        try
        {
            File.WriteAllText(Path.Combine(outside, "token.txt"), FakeSecrets.GitHubToken());
            Directory.CreateSymbolicLink(Path.Combine(_root, "linked"), outside);
            File.CreateSymbolicLink(Path.Combine(_root, "token-link.txt"), Path.Combine(outside, "token.txt"));

            SecretScanResult result = new SecretScanner().ScanDirectory(_root, CancellationToken.None);

            Assert.Empty(result.Findings);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public void ScanDirectory_HonoursCancellation()
    {
        Write("a.txt", "x");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => new SecretScanner().ScanDirectory(_root, cancelled.Token));
    }

    [Fact]
    public void Layer_IsRecordedOnFindings()
    {
        var scanner = new SecretScanner(new SecretScanOptions { Layer = "sha256:abc" });

        SecretFinding finding = Assert.Single(scanner.ScanText("app/x.txt", FakeSecrets.Jwt(), CancellationToken.None).Findings);

        Assert.Equal("sha256:abc", finding.Layer);
    }

    [Fact]
    public void Merge_AddsCountsAndSorts()
    {
        var scanner = new SecretScanner();
        SecretScanResult b = scanner.ScanText("b.txt", FakeSecrets.Jwt(), CancellationToken.None);
        SecretScanResult a = scanner.ScanText("a.txt", FakeSecrets.Jwt(), CancellationToken.None);

        SecretScanResult merged = b.Merge(a);

        Assert.Equal(["a.txt", "b.txt"], merged.Findings.Select(f => f.Path));
        Assert.Equal(2, merged.FilesScanned);
    }

    [Fact]
    public void ScanDirectory_WithAFilter_DoesNotReadTheFilesItLeavesOut()
    {
        Write(".env", "DB_PASSWORD=" + FakeSecrets.Password() + "\n");
        Write("App.cdx.json", "{\"x\": \"AccountKey=" + FakeSecrets.AzureStorageKey() + ";\"}");
        Write("reports/App.supplygate.json", "const t = '" + FakeSecrets.GitHubToken() + "';\n");

        SecretScanResult result = new SecretScanner().ScanDirectory(_root, path => !path.EndsWith(".json", StringComparison.Ordinal), CancellationToken.None);

        Assert.Equal([".env"], result.Findings.Select(f => f.Path));
        Assert.Equal(1, result.FilesScanned);
    }

    [Fact]
    public void PublishedSecrets_SkipsSupplyGatesOwnOutputsButNotOtherFiles()
    {
        Write("App.cdx.json", "{\"x\": \"AccountKey=" + FakeSecrets.AzureStorageKey() + ";\"}");
        Write("App.supplygate.html", "const t = '" + FakeSecrets.GitHubToken() + "';\n");
        Write("wwwroot/app.js", "const t = '" + FakeSecrets.GitHubToken() + "';\n");

        IReadOnlyList<SecretFinding> findings = SupplyGate.Core.Gate.PublishedSecrets.Scan(_root, CancellationToken.None);

        Assert.Equal(["wwwroot/app.js"], findings.Select(f => f.Path));
    }

    private void Write(string relative, string content)
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private static MemoryStream Utf8Stream(string text, bool bom = false) =>
        new([.. (bom ? Encoding.UTF8.GetPreamble() : []), .. Encoding.UTF8.GetBytes(text)]);

    private sealed class NonSeekableStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
