using System.Text;
using SupplyGate.Core.Inventory.Image;
using SupplyGate.Core.Secrets;
using static SupplyGate.Core.Tests.Inventory.Oci.ImageScanSupport;

namespace SupplyGate.Core.Tests.Inventory.Oci;

/// <summary>
/// Secrets in image layers, found in the same streaming pass as the inventory. The fake
/// secrets are put together at run time so this file itself holds nothing a scanner would flag.
/// </summary>
[Trait("Category", "unit")]
public sealed class ImageSecretTests
{
    [Fact]
    public async Task App_layers_are_scanned_by_default_and_each_finding_names_its_layer()
    {
        using var work = new ScratchDirectory("sg-sec");
        var image = new SecretImage();

        ImageScanResult result = await ScanAsync(image.Source, work, o => o with { BaseLayerCount = 1 });

        string appLayer = result.Layers[1].DiffId.ToString();
        Assert.Equal([false, true, true], result.Layers.Select(l => l.SecretsScanned));
        Assert.Collection(
            result.Secrets,
            env =>
            {
                Assert.Equal(("app/.env", BuiltInSecretRules.GitHubToken, 1, 14, appLayer), (env.Path, env.RuleId, env.Line, env.Column, env.Layer));
                Assert.Contains("deleted by a later layer; still extractable from layer 1", env.Title, StringComparison.Ordinal);
            },
            settings =>
            {
                Assert.Equal(
                    ("app/appsettings.Production.json", BuiltInSecretRules.ConnectionStringPassword, 3, 58, appLayer),
                    (settings.Path, settings.RuleId, settings.Line, settings.Column, settings.Layer));
                Assert.Equal("Password in a connection string or configuration file", settings.Title);
                Assert.Equal($"{image.Password[..4]}{SecretRedaction.Mask} ({image.Password.Length} chars)", settings.Redacted);
            });
        Assert.Empty(result.SecretsSkipped);
        image.AssertNoSecretIn(result);
    }

    [Fact]
    public async Task All_layers_adds_the_base_layers_key_but_not_allowed_paths_or_binaries()
    {
        using var work = new ScratchDirectory("sg-sec");
        var image = new SecretImage();

        ImageScanResult all = await ScanAsync(image.Source, work, o => o with { BaseLayerCount = 1, ScanSecrets = ImageSecretScan.AllLayers });

        SecretFinding key = Assert.Single(all.Secrets, f => f.RuleId == BuiltInSecretRules.PrivateKey);
        Assert.Equal(("etc/ssl/private/server.key", 1, 1, all.Layers[0].DiffId.ToString()), (key.Path, key.Line, key.Column, key.Layer));
        Assert.Equal("Private key (PEM/OpenSSH)", key.Title);
        Assert.DoesNotContain(all.Secrets, f => f.Path.StartsWith("usr/share/doc/", StringComparison.Ordinal) || f.Path == "usr/bin/tool");
        Assert.Equal(3, all.Secrets.Count);
        Assert.Equal(all.Secrets.OrderBy(f => f.Path, StringComparer.Ordinal), all.Secrets);
        Assert.All(all.Layers, l => Assert.True(l.SecretsScanned));
        image.AssertNoSecretIn(all);
    }

    [Fact]
    public async Task An_unknown_base_means_every_layer_and_None_means_no_layer()
    {
        using var work = new ScratchDirectory("sg-sec");
        var image = new SecretImage();

        ImageScanResult unknownBase = await ScanAsync(image.Source, work);
        ImageScanResult none = await ScanAsync(image.Source, work, o => o with { ScanSecrets = ImageSecretScan.None });
        ImageScanResult baseOnly = await ScanAsync(image.Source, work, o => o with { BaseLayerCount = 3 });

        Assert.Equal(3, unknownBase.Secrets.Count);
        Assert.Contains(unknownBase.Secrets, f => f.RuleId == BuiltInSecretRules.PrivateKey);
        Assert.Empty(none.Secrets);
        Assert.All(none.Layers, l => Assert.False(l.SecretsScanned));
        Assert.Empty(baseOnly.Secrets);
    }

    [Fact]
    public async Task A_file_a_later_layer_overwrites_is_still_reported_as_replaced()
    {
        using var work = new ScratchDirectory("sg-sec");
        var image = new SecretImage(overwriteSettings: true);

        ImageScanResult result = await ScanAsync(image.Source, work, o => o with { BaseLayerCount = 1 });

        SecretFinding settings = Assert.Single(result.Secrets, f => f.Path == "app/appsettings.Production.json");
        Assert.Equal(result.Layers[1].DiffId.ToString(), settings.Layer);
        Assert.Contains("replaced in layer 2; still extractable from layer 1", settings.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cached_second_scan_reports_the_same_findings_without_opening_a_layer()
    {
        using var work = new ScratchDirectory("sg-sec");
        var image = new SecretImage();
        Func<ImageScanOptions, ImageScanOptions> cached = o => o with { CacheDirectory = work.Combine("cache"), ScanSecrets = ImageSecretScan.AllLayers };

        ImageScanResult cold = await ScanAsync(image.Source, work, cached);
        int opened = image.Source.BlobsOpened;
        ImageScanResult warm = await ScanAsync(image.Source, work, cached);

        Assert.Equal(3, opened);
        Assert.Equal(opened, image.Source.BlobsOpened);
        Assert.Equal(3, image.Source.BlobsConfirmed);
        Assert.All(warm.Layers, l => Assert.True(l.FromCache && l.SecretsScanned));
        Assert.Equal(3, warm.Secrets.Count);
        Assert.Equal(cold.Secrets, warm.Secrets);
        foreach (string file in Directory.GetFiles(work.Combine("cache"), "*", SearchOption.AllDirectories))
        {
            image.AssertNoSecretIn(Encoding.UTF8.GetString(File.ReadAllBytes(file)), file);
        }
    }

    [Fact]
    public async Task A_cache_entry_without_secrets_or_with_other_rules_is_a_miss_for_a_scan_that_wants_them()
    {
        using var work = new ScratchDirectory("sg-sec");
        var image = new SecretImage();
        string cache = work.Combine("cache");

        await ScanAsync(image.Source, work, o => o with { CacheDirectory = cache, ScanSecrets = ImageSecretScan.None });
        ImageScanResult wanted = await ScanAsync(image.Source, work, o => o with { CacheDirectory = cache, BaseLayerCount = 1 });
        ImageScanResult otherRules = await ScanAsync(image.Source, work, o => o with
        {
            CacheDirectory = cache,
            BaseLayerCount = 1,
            Secrets = new SecretScanOptions { Rules = [.. BuiltInSecretRules.All.Where(r => r.Id != BuiltInSecretRules.GitHubToken)] },
        });
        ImageScanResult notWanted = await ScanAsync(image.Source, work, o => o with { CacheDirectory = cache, ScanSecrets = ImageSecretScan.None });

        Assert.Equal([true, false, false], wanted.Layers.Select(l => l.FromCache));
        Assert.Equal(2, wanted.Secrets.Count);
        Assert.Equal([true, false, false], otherRules.Layers.Select(l => l.FromCache));
        Assert.Equal([BuiltInSecretRules.ConnectionStringPassword], otherRules.Secrets.Select(f => f.RuleId));
        Assert.All(notWanted.Layers, l => Assert.True(l.FromCache && !l.SecretsScanned));
        Assert.Empty(notWanted.Secrets);
    }

    [Fact]
    public async Task Files_over_the_size_limit_are_listed_as_skipped_and_nothing_is_written_outside_the_work_directory()
    {
        using var work = new ScratchDirectory("sg-sec");
        var image = new SecretImage();

        ImageScanResult result = await ScanAsync(image.Source, work, o => o with
        {
            BaseLayerCount = 1,
            Secrets = new SecretScanOptions { MaxFileBytes = 32 },
        });

        Assert.Equal(["app/.env", "app/appsettings.Production.json"], result.SecretsSkipped.Select(s => s.Path).Order(StringComparer.Ordinal));
        Assert.All(result.SecretsSkipped, s => Assert.Equal(SecretSkipReason.TooLarge, s.Reason));
        Assert.Contains(result.SecretsSkipped, s => s.Detail.StartsWith($"layer 1 ({result.Layers[1].DiffId})", StringComparison.Ordinal));
        Assert.Empty(result.Secrets);
        Assert.DoesNotContain(Directory.GetFileSystemEntries(work.Path, "*", SearchOption.AllDirectories), File.Exists);
        AssertNothingWrittenOutside(work, "appsettings.Production.json");
        AssertNothingWrittenOutside(work, ".env");
    }

    [Fact]
    public async Task The_secrets_file_round_trips_what_a_finding_shows_and_never_the_secret()
    {
        using var work = new ScratchDirectory("sg-sec");
        var image = new SecretImage();
        ImageScanResult result = await ScanAsync(image.Source, work, o => o with { ScanSecrets = ImageSecretScan.AllLayers });
        string path = ImageSecretsFile.PathBeside(work.Combine("App.image.cdx.json"));

        ImageSecretsFile.Write(path, result.Secrets);

        Assert.Equal(work.Combine("App.image.secrets.json"), path);
        Assert.Equal(result.Secrets, ImageSecretsFile.Read(path));
        image.AssertNoSecretIn(File.ReadAllText(path), path);
    }

    [Fact]
    public async Task A_publish_directory_finding_the_app_layer_repeats_is_counted_once()
    {
        using var work = new ScratchDirectory("sg-sec");
        var image = new SecretImage();
        ImageScanResult result = await ScanAsync(image.Source, work, o => o with { BaseLayerCount = 1 });
        SecretFinding inImage = Assert.Single(result.Secrets, f => f.Path == "app/appsettings.Production.json");
        SecretFinding published = inImage with { Path = "appsettings.Production.json", Layer = null };
        SecretFinding elsewhere = published with { Path = "appsettings.Staging.json" };

        IReadOnlyList<SecretFinding> combined = ImageSecretsFile.Combine([published, elsewhere], result.Secrets);

        Assert.Equal([elsewhere, .. result.Secrets], combined);
    }

    /// <summary>
    /// Layer 0 (base): a PEM key, the same key under usr/share/doc (allowed) and inside a binary. Layer 1 (app):
    /// appsettings.Production.json with a SQL Server password and a .env with a GitHub token. Layer 2 (app):
    /// deletes the .env (and, optionally, overwrites the settings with a clean copy).
    /// </summary>
    private sealed class SecretImage
    {
        public SecretImage(bool overwriteSettings = false)
        {
            const string alphabet = "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5cD7eF9gH2iK4";
            Password = "Zq7" + "vR2-wLx9" + "Kp4tB";
            Token = "gh" + "p_" + string.Concat(Enumerable.Range(0, 36).Select(i => alphabet[(i * 7 + 3) % alphabet.Length]));
            byte[] keyBytes = new byte[256];
            new Random(42).NextBytes(keyBytes);
            KeyBody = Convert.ToBase64String(keyBytes);
            string pem = "-----BEGIN " + "RSA PRIVATE KEY-----\n" + string.Join('\n', KeyBody.Chunk(64).Select(c => new string(c))) + "\n-----END " + "RSA PRIVATE KEY-----\n";
            string settings = "{\n  \"ConnectionStrings\": {\n    \"Db\": \"Server=db.internal;Database=shop;User Id=shop;Password=" + Password + ";\"\n  }\n}\n";
            byte[] binary = [0x7f, (byte)'E', (byte)'L', (byte)'F', 0, 0, .. Encoding.UTF8.GetBytes(pem)];
            var top = new TestLayer().Whiteout("/app/.env").File("app/App.dll", [0x4d, 0x5a, 0x90, 0]);
            if (overwriteSettings)
            {
                top.File("app/appsettings.Production.json", "{\n  \"ConnectionStrings\": {}\n}\n");
            }

            Source = TestImageSource.FromLayers(
            [
                new TestLayer().File("etc/os-release", DebianOsRelease).File("etc/ssl/private/server.key", pem)
                    .File("usr/share/doc/openssl/sample.key", pem).File("usr/bin/tool", binary).Gzip(),
                new TestLayer().Directory("app/").File("app/appsettings.Production.json", settings).File("app/.env", "GITHUB_TOKEN=" + Token + "\n").Gzip(),
                top.Gzip(),
            ]);
        }

        public TestImageSource Source { get; }

        public string Password { get; }

        public string Token { get; }

        public string KeyBody { get; }

        /// <summary>The result in every form it leaves the scanner in: findings, their text, skipped files, warnings.</summary>
        public void AssertNoSecretIn(ImageScanResult result)
        {
            var text = new StringBuilder()
                .AppendLine(result.ToString())
                .AppendJoin('\n', result.Secrets.Select(f => f.ToString() + f.Location))
                .AppendJoin('\n', result.SecretsSkipped)
                .AppendJoin('\n', result.Warnings)
                .AppendJoin('\n', result.Layers);
            AssertNoSecretIn(text.ToString(), "the scan result");
            foreach (SecretFinding finding in result.Secrets)
            {
                Assert.Contains(SecretRedaction.Mask, finding.Redacted, StringComparison.Ordinal);
            }
        }

        public void AssertNoSecretIn(string text, string where)
        {
            Assert.False(text.Contains(Password, StringComparison.Ordinal), $"the password appears in {where}");
            Assert.False(text.Contains(Token, StringComparison.Ordinal), $"the token appears in {where}");
            Assert.False(text.Contains(Token[4..], StringComparison.Ordinal), $"the token's body appears in {where}");
            Assert.False(text.Contains(KeyBody[..64], StringComparison.Ordinal), $"the key appears in {where}");
        }
    }
}
