using System.Text.Json;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.NuGet;
using SupplyGate.Core.Policy;
using SupplyGate.Core.Sbom;
using SupplyGate.Tests.Shared;
using static SupplyGate.Core.Tests.Policy.PolicyTestData;

namespace SupplyGate.Core.Tests.Policy;

/// <summary>
/// policies/serve-image.yaml, the policy the service's own image is built with: the real SourceGear.sqlite3 package
/// that Microsoft.Data.Sqlite brings (read from the global packages folder, as the build reads it) concludes a
/// LicenseRef, not an SPDX id; that policy allows exactly this LicenseRef and is the default policy otherwise
/// (the runtime rules too: the build judges the runtime compiled into the Native AOT binary, so no exception is needed).
/// </summary>
[Trait("Category", "integration")]
public sealed class ServeImagePolicyTests
{
    private const string SqlitePackage = "SourceGear.sqlite3";
    private const string SqliteLicenseRef = "LicenseRef-SourceGear.sqlite3-LICENSE.txt";

    private static readonly string PolicyPath = Path.Combine(RepositoryPaths.Root, "policies", "serve-image.yaml");

    [Fact]
    public void The_real_SQLite_package_concludes_its_LicenseRef_and_no_SPDX_id()
    {
        NuspecInfo nuspec = RealSqliteNuspec();

        License license = Assert.IsType<License>(Assert.Single(nuspec.Licenses));
        Assert.Null(license.Id);
        Assert.Equal(SqliteLicenseRef, license.Name);
        Assert.Equal("declared", license.Acknowledgement);
        // The text is a pointer to SQLite's public-domain dedication, not the SPDX "blessing" text.
        Assert.Contains("SQLite is Public Domain", license.Text!.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("May you do good and not evil", license.Text.Content, StringComparison.Ordinal);
        Assert.Contains(new Property(PropertyNames.LicenseSource, LicenseSources.FileUnidentified), nuspec.LicenseProperties);
        Assert.Empty(nuspec.Warnings);
    }

    [Fact]
    public void The_default_policy_warns_about_it_and_the_image_policy_allows_it()
    {
        Component sqlite = RealSqliteComponent();

        Violation unknown = Assert.Single(Judge(PolicyDocument.LoadPreset("default"), sqlite));
        Assert.Equal((DiagnosticCode.LicenseFileUnidentified, RuleAction.Warn), (unknown.Code, unknown.Action));
        Assert.Contains(SqliteLicenseRef, unknown.Message, StringComparison.Ordinal);

        Assert.Empty(Judge(PolicyDocument.Load(PolicyPath), sqlite));
    }

    [Fact]
    public void The_image_policy_allows_no_other_license_file_and_keeps_the_default_rules()
    {
        PolicyDocument image = PolicyDocument.Load(PolicyPath);
        Component other = RealSqliteComponent() with
        {
            Name = "Other.Native",
            BomRef = "pkg:nuget/Other.Native@1.0.0",
            Purl = "pkg:nuget/Other.Native@1.0.0",
            Licenses = [new License { Name = "LicenseRef-Other.Native-LICENSE.txt", Acknowledgement = "declared" }],
        };

        Violation unknown = Assert.Single(Judge(image, other));
        Assert.Equal((DiagnosticCode.LicenseFileUnidentified, RuleAction.Warn), (unknown.Code, unknown.Action));

        // Everything but that entry is the default policy's.
        PolicyDocument byDefault = PolicyDocument.LoadPreset("default");
        Assert.Equal(byDefault.Licenses with { Allow = [SqliteLicenseRef] }, image.Licenses);
        Assert.Equal(byDefault.Runtime, image.Runtime);
        Assert.Equal(
            Effective(byDefault),
            Effective(image with { Name = byDefault.Name, Description = byDefault.Description, Licenses = byDefault.Licenses }));
    }

    /// <summary>Every rule written out, without the header naming the file and its digest.</summary>
    private static string Effective(PolicyDocument policy) =>
        string.Join('\n', PolicyYamlWriter.Write(policy).Split('\n').Where(l => !l.StartsWith("# ", StringComparison.Ordinal)));

    private static IReadOnlyList<Violation> Judge(PolicyDocument policy, Component component) =>
        Evaluate(Input(policy, [], Bom(component))).Violations;

    private static Component RealSqliteComponent()
    {
        NuspecInfo nuspec = RealSqliteNuspec();
        string version = SqliteVersion();
        return new Component
        {
            Type = ComponentTypes.Library,
            Name = SqlitePackage,
            Version = version,
            BomRef = $"pkg:nuget/{SqlitePackage}@{version}",
            Purl = $"pkg:nuget/{SqlitePackage}@{version}",
            Scope = ComponentScopes.Required,
            Licenses = nuspec.Licenses,
            Properties = nuspec.LicenseProperties,
        };
    }

    /// <summary>The package as restore left it for this test project (Core references Microsoft.Data.Sqlite).</summary>
    private static NuspecInfo RealSqliteNuspec()
    {
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        NuspecInfo? nuspec = new PackagesFolderNuspecSource().Find(SqlitePackage, SqliteVersion(), [packages]);
        Assert.True(nuspec is not null, $"{SqlitePackage} {SqliteVersion()} is not in {packages}");
        Assert.Equal("LICENSE.txt", nuspec.LicenseFile);
        return nuspec;
    }

    /// <summary>The version restore resolved, from this test's deps.json (the one the CLI ships: same central pin).</summary>
    private static string SqliteVersion()
    {
        using JsonDocument deps = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "SupplyGate.Core.Tests.deps.json")));
        string key = deps.RootElement.GetProperty("libraries").EnumerateObject()
            .Single(l => l.Name.StartsWith(SqlitePackage + "/", StringComparison.OrdinalIgnoreCase)).Name;
        return key[(key.IndexOf('/', StringComparison.Ordinal) + 1)..];
    }
}
