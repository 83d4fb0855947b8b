using System.Diagnostics;
using System.Text.RegularExpressions;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>
/// The dotnet tool, the attestation half: the installed `supplygate` tool signs an image in a real registry with a
/// development CA and its own `tsa serve` process, then `verify` accepts it and refuses another identity.
/// Shares the packed and installed tool with <see cref="DotnetToolTests"/> (one pack per run).
/// </summary>
[Trait("Category", "integration")]
public sealed partial class DotnetToolTests
{
    private const string ToolIdentity = "https://ci.example.com/tool-test";

    [Fact]
    public void SignThenVerify_WithTheInstalledCommand_AgainstARealRegistry()
    {
        Assert.True(tool.Install.ExitCode == 0, tool.Install.All);
        using var registry = new LocalRegistry();
        using var temp = new TempDirectory("sg-tool-verify");
        string image = $"{registry.Host}/tool/file:1.0";
        ProcessResult pushed = ProcessRunner.Run("bash", [Path.Combine(RepositoryPaths.Root, "build", "lab", "make-tiny-base-image.sh")], RepositoryPaths.Root,
            new Dictionary<string, string> { ["REGISTRY"] = registry.Host, ["IMAGE"] = image, ["MODE"] = "file", ["WORK"] = temp.Combine("image") });
        Assert.True(pushed.ExitCode == 0, pushed.All);
        var env = new Dictionary<string, string> { ["HOME"] = temp.Path };
        string ca = temp.Combine("ca");
        Expect(tool.Run(temp.Path, env, "ca", "init", "--dir", ca, "--identity", ToolIdentity));
        Expect(tool.Run(temp.Path, env, "sbom", "image", image, "-o", temp.Combine("image.cdx.json")));

        using Process tsa = StartTsa(ca, env);
        try
        {
            string url = ReadTsaUrl(tsa);
            Expect(tool.Run(temp.Path, env, "sign", image, "--sbom", temp.Combine("image.cdx.json"),
                "--key", Path.Combine(ca, "signing.key"), "--cert", Path.Combine(ca, "signing.pem"), "--timestamp-url", url));
        }
        finally
        {
            tsa.Kill(entireProcessTree: true);
            tsa.WaitForExit(10_000);
        }

        ProcessResult verified = tool.Run(temp.Path, env, "verify", image, "--trusted-root", Path.Combine(ca, "trusted_root.json"), "--certificate-identity", ToolIdentity);
        Assert.True(verified.ExitCode == 0, verified.All);
        Assert.Contains("ok      referrer", verified.Output, StringComparison.Ordinal);

        ProcessResult refused = tool.Run(temp.Path, env, "verify", image, "--trusted-root", Path.Combine(ca, "trusted_root.json"), "--certificate-identity", "https://ci.example.com/someone-else");
        Assert.True(refused.ExitCode == 4, refused.All);
        Assert.Contains("check 'identity'", refused.Output, StringComparison.Ordinal);
    }

    private static void Expect(ProcessResult result) => Assert.True(result.ExitCode == 0, result.All);

    private Process StartTsa(string ca, IReadOnlyDictionary<string, string> env)
    {
        var info = new ProcessStartInfo(tool.Command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { "tsa", "serve", "--dir", ca, "--port", "0" })
        {
            info.ArgumentList.Add(argument);
        }

        foreach ((string key, string value) in env)
        {
            info.Environment[key] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start the installed tool's tsa serve");
    }

    /// <summary>The first line names the URL (`--port 0` picks a free port); a dead process or a timeout fails the test.</summary>
    private static string ReadTsaUrl(Process tsa)
    {
        Task<string?> line = tsa.StandardOutput.ReadLineAsync();
        Assert.True(line.Wait(TimeSpan.FromSeconds(30)) && line.Result is not null, "tsa serve printed nothing: " + (tsa.HasExited ? tsa.StandardError.ReadToEnd() : "(still running)"));
        Match url = TsaUrl().Match(line.Result!);
        Assert.True(url.Success, line.Result);
        return url.Value;
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/")]
    private static partial Regex TsaUrl();
}
