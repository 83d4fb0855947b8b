using System.Text.Json;
using SupplyGate.Core.Tests.Interop;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Build.Tests;

/// <summary>
/// Packages that declare <c>&lt;license type="file"&gt;</c>, packed with `dotnet pack` into the local feed (one
/// with the real .NET Foundation MIT file, one with a commercial dual-license text in the shape MediatR 13 and
/// AutoMapper 15 moved to), consumed by an app published with SupplyGate.Build: the SBOM concludes MIT from the
/// one and carries the other's text as a LicenseRef, the schema validator accepts it, the build warns with
/// SG4020 naming the file, a policy denies or allows that LicenseRef, and the CLI agrees with the task.
/// </summary>
[Collection(PublishedSampleCollection.Name)]
[Trait("Category", "e2e")]
public sealed class LicenseFileEndToEndTests(PublishedSampleFixture sample)
{
    /// <summary>Not a real vendor's text: written for this test in the shape of a source-available dual license.</summary>
    private const string CommercialLicense = """
        Contoso Commercial License

        Copyright (c) 2025 Contoso Software LLC

        This software is dual-licensed. You may use it under the terms of the Reciprocal Public License 1.5,
        or under a commercial license purchased from Contoso Software LLC.

        Use in production by an organisation with more than 5 million USD annual gross revenue requires a
        paid commercial license key. See https://contoso.example/pricing.
        """;

    [Fact]
    public void Publish_LicenseFilePackages_ConcludedAndLicenseRefInTheSbom_SG4020_PolicyAllowsOrDenies_CliAgrees()
    {
        string root = Path.Combine(sample.SamplesDirectory, "license-files");
        string version = sample.PackageVersion;
        try
        {
            string mitText = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "Fixtures", "licenses", "system.text.json-8.0.0-LICENSE.TXT"));
            Pack(root, "Contoso.MitFile", "LICENSE.TXT", mitText, version);
            Pack(root, "Contoso.Commercial", "LICENSE.md", CommercialLicense, version);
            string app = WriteApp(root, version);

            // 1. Default policy: the build passes, with one SG4020 warning naming the package and the file.
            string publishDir = Path.Combine(root, "out-default") + "/";
            ProcessResult publish = Publish(app, publishDir);
            Assert.True(publish.ExitCode == 0, publish.All);
            string warning = Assert.Single(Lines(publish.Output, "warning SG4020"));
            Assert.Contains($"Contoso.Commercial {version}: its license file 'LICENSE.md' (in the NuGet packages folder: contoso.commercial/{version}/LICENSE.md)", warning, StringComparison.Ordinal);
            Assert.Contains("spec.licenses.allow: [LicenseRef-Contoso.Commercial-LICENSE.md]", warning, StringComparison.Ordinal);
            Assert.DoesNotContain(Lines(publish.Output, "SG4002"), l => l.Contains("Contoso.", StringComparison.Ordinal));

            string sbomPath = Path.Combine(publishDir, "LicenseApp.cdx.json");
            (bool valid, string validation) = CycloneDxSchemaValidator.Validate(sbomPath);
            Assert.True(valid, validation);
            using (JsonDocument sbom = JsonDocument.Parse(File.ReadAllBytes(sbomPath)))
            {
                JsonElement mit = License(sbom, "Contoso.MitFile");
                Assert.Equal("MIT", mit.GetProperty("id").GetString());
                Assert.Equal("concluded", mit.GetProperty("acknowledgement").GetString());
                Assert.Equal("license-file-text", Property(sbom, "Contoso.MitFile", "supplygate:license:source"));

                JsonElement commercial = License(sbom, "Contoso.Commercial");
                Assert.False(commercial.TryGetProperty("id", out _));
                Assert.Equal("LicenseRef-Contoso.Commercial-LICENSE.md", commercial.GetProperty("name").GetString());
                Assert.Equal("declared", commercial.GetProperty("acknowledgement").GetString());
                Assert.Equal("text/plain", commercial.GetProperty("text").GetProperty("contentType").GetString());
                Assert.Equal(CommercialLicense.ReplaceLineEndings("\n"), commercial.GetProperty("text").GetProperty("content").GetString()!.ReplaceLineEndings("\n"));
                Assert.Equal("LICENSE.md", Property(sbom, "Contoso.Commercial", "supplygate:license:file"));
                Assert.Matches("^[0-9a-f]{64}$", Property(sbom, "Contoso.Commercial", "supplygate:license:file-sha256"));
            }

            // 2. A policy that denies the LicenseRef fails the build with SG4001 on that package.
            string deny = WritePolicy(root, "deny.yaml", "licenses: {deny: [LicenseRef-Contoso.Commercial-*]}");
            ProcessResult denied = Publish(app, Path.Combine(root, "out-deny") + "/", $"-p:SupplyGatePolicy={deny}");
            Assert.NotEqual(0, denied.ExitCode);
            Assert.Contains(Lines(denied.Output, "error SG4001"), l => l.Contains("Contoso.Commercial", StringComparison.Ordinal));

            // 3. The CLI on the same publish output: unknown licenses denied, the LicenseRef not allowed → deny with
            //    SG4020; allowed by name → pass, and MIT still passes (a LicenseRef entry restricts nothing else).
            string strict = WritePolicy(root, "unknown-deny.yaml", "licenses: {unknown: deny}");
            ProcessResult strictCheck = Cli(root, "check", publishDir, "--policy", strict, "--format", "json", "-o", Path.Combine(root, "strict.json"));
            Assert.True(strictCheck.ExitCode == 1, strictCheck.All);
            string strictReport = File.ReadAllText(Path.Combine(root, "strict.json"));
            Assert.Contains("SG4020", strictReport, StringComparison.Ordinal);
            Assert.Contains("licenses.unidentified", strictReport, StringComparison.Ordinal);

            string allow = WritePolicy(root, "allow.yaml", "licenses: {unknown: deny, allow: [LicenseRef-Contoso.Commercial-LICENSE.md]}");
            ProcessResult allowed = Cli(root, "check", publishDir, "--policy", allow, "--format", "json", "-o", Path.Combine(root, "allow.json"));
            Assert.DoesNotContain("SG4020", File.ReadAllText(Path.Combine(root, "allow.json")), StringComparison.Ordinal);
            Assert.DoesNotContain("Contoso.", string.Join('\n', Lines(allowed.All, "SG40")), StringComparison.Ordinal);

            // 4. `supplygate sbom <csproj>` reads the same license files the task read.
            string cliSbom = Path.Combine(root, "cli.cdx.json");
            ProcessResult sbomCli = Cli(root, "sbom", Path.Combine(app, "LicenseApp.csproj"), "-o", cliSbom);
            Assert.True(sbomCli.ExitCode == 0, sbomCli.All);
            using JsonDocument task = JsonDocument.Parse(File.ReadAllBytes(sbomPath));
            using JsonDocument cli = JsonDocument.Parse(File.ReadAllBytes(cliSbom));
            foreach (string package in new[] { "Contoso.MitFile", "Contoso.Commercial" })
            {
                Assert.Equal(License(task, package).GetRawText(), License(cli, package).GetRawText());
            }
        }
        finally
        {
            RemoveFromGlobalPackages("contoso.mitfile", version);
            RemoveFromGlobalPackages("contoso.commercial", version);
        }
    }

    private void Pack(string root, string id, string licenseFile, string licenseText, string version)
    {
        string dir = Path.Combine(root, id);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, licenseFile), licenseText);
        File.WriteAllText(Path.Combine(dir, "Api.cs"), $"namespace {id};\n\npublic static class Api\n{{\n    public static string Name => \"{id}\";\n}}\n");
        File.WriteAllText(Path.Combine(dir, id + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <PackageId>{id}</PackageId>
                <Version>{version}</Version>
                <Authors>Contoso</Authors>
                <Description>A test package whose license is a file.</Description>
                <PackageLicenseFile>{licenseFile}</PackageLicenseFile>
              </PropertyGroup>
              <ItemGroup>
                <None Include="{licenseFile}" Pack="true" PackagePath="" />
              </ItemGroup>
            </Project>
            """);
        ProcessResult pack = ProcessRunner.Dotnet(dir, null, "pack", "-c", "Release", "-o", sample.Feed, "-p:UseSharedCompilation=false", "-nodeReuse:false");
        Assert.True(pack.ExitCode == 0, pack.All);
    }

    private string WriteApp(string root, string version)
    {
        string dir = Path.Combine(root, "LicenseApp");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "Program.cs"), "System.Console.WriteLine(Contoso.MitFile.Api.Name + Contoso.Commercial.Api.Name);\n");
        File.WriteAllText(Path.Combine(dir, "LicenseApp.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Contoso.MitFile" Version="{version}" />
                <PackageReference Include="Contoso.Commercial" Version="{version}" />
                <PackageReference Include="SupplyGate.Build" Version="{version}" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
        E2eNuGetConfig.Write(dir, sample.Feed);
        return dir;
    }

    private static ProcessResult Publish(string app, string output, params string[] extra) =>
        ProcessRunner.Dotnet(app, null, ["publish", "-c", "Release", "-o", output, "-p:UseSharedCompilation=false", "-nodeReuse:false", .. extra]);

    private static ProcessResult Cli(string directory, params string[] args) =>
        ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "supplygate.dll"), .. args], directory);

    private static string WritePolicy(string root, string name, string licenses)
    {
        string path = Path.Combine(root, name);
        File.WriteAllText(path, $"""
            apiVersion: supplygate.dev/v1alpha1
            kind: Policy
            metadata:
              name: {Path.GetFileNameWithoutExtension(name)}
            spec:
              {licenses}
            """);
        return path;
    }

    private static JsonElement Component(JsonDocument sbom, string name) =>
        sbom.RootElement.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static JsonElement License(JsonDocument sbom, string name) =>
        Assert.Single(Component(sbom, name).GetProperty("licenses").EnumerateArray().ToArray()).GetProperty("license");

    private static string Property(JsonDocument sbom, string component, string name) =>
        Component(sbom, component).GetProperty("properties").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == name).GetProperty("value").GetString()!;

    private static string[] Lines(string log, string marker) =>
        log.Split('\n').Where(l => l.Contains(marker, StringComparison.Ordinal)).Distinct().ToArray();

    private static void RemoveFromGlobalPackages(string id, string version)
    {
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string cached = Path.Combine(packages, id, version);
        if (Directory.Exists(cached))
        {
            Directory.Delete(cached, recursive: true);
        }

        // The ids exist only for this test: leave no empty folder behind either.
        if (Directory.Exists(Path.Combine(packages, id)) && !Directory.EnumerateFileSystemEntries(Path.Combine(packages, id)).Any())
        {
            Directory.Delete(Path.Combine(packages, id));
        }
    }
}
