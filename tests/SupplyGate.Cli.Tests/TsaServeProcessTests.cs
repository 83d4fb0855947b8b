using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using SupplyGate.Core.Attestations.Development;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Cli.Tests;

/// <summary>
/// `supplygate tsa serve` as a real process, the way a developer runs it: the built CLI under `dotnet`, with the
/// key `ca init` wrote, answering `openssl ts` queries sent by `curl`; `openssl ts -verify` (an independent
/// RFC 3161 implementation) checks the replies against the development chain. Stopped by PID, always.
/// </summary>
[Trait("Category", "integration")]
public sealed partial class TsaServeProcessTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new("sg-tsa-serve");
    private readonly DevelopmentCaFiles _ca;

    public TsaServeProcessTests()
    {
        var (exit, output, error) = CliRunner.Run(null, _dir.Path, "ca", "init", "--dir", _dir.Combine("ca"));
        Assert.True(exit == 0, output + error);
        _ca = new DevelopmentCaFiles(_dir.Combine("ca"));
        File.WriteAllText(_dir.Combine("artifact.txt"), "the bytes a signature would cover\n");
        File.WriteAllText(_dir.Combine("other.txt"), "other bytes\n");
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Serve_AnswersOpensslQueries_RefusesGarbage_KeepsServing_AndDiesByPid()
    {
        using var server = TsaProcess.Start(_ca.Directory, _dir.Path);
        try
        {
            // (a) A real query over HTTP, verified by openssl against the chain `ca init` wrote.
            Query("artifact.txt", "q1.tsq");
            Assert.Equal("200", Post(server.Url, "q1.tsq", "r1.tsr"));
            ProcessResult verified = Openssl("ts", "-verify", "-in", "r1.tsr", "-queryfile", "q1.tsq", "-CAfile", _ca.TimestampAuthorityChain, "-untrusted", _ca.TimestampAuthorityCertificate);
            Assert.True(verified.ExitCode == 0, verified.All);
            Assert.Contains("Verification: OK", verified.All, StringComparison.Ordinal);

            // ... and the token binds the data: the same reply does not verify for other bytes.
            ProcessResult wrongData = Openssl("ts", "-verify", "-in", "r1.tsr", "-data", "other.txt", "-CAfile", _ca.TimestampAuthorityChain, "-untrusted", _ca.TimestampAuthorityCertificate);
            Assert.NotEqual(0, wrongData.ExitCode);

            // (b) Garbage is refused at the HTTP layer when it is not a timestamp query (wrong or missing
            // Content-Type, wrong method, wrong path) ...
            File.WriteAllBytes(_dir.Combine("garbage.bin"), "this is not DER\n"u8.ToArray());
            Assert.Equal("415", Curl("--data-binary", "@garbage.bin", "-H", "Content-Type: text/plain", server.Url.ToString(), "-o", "refused.txt"));
            Assert.Equal("415", Curl("--data-binary", "@garbage.bin", server.Url.ToString(), "-o", "refused.txt"));
            Assert.Equal("405", Curl(server.Url.ToString(), "-o", "refused.txt"));
            Assert.Equal("404", Curl("--data-binary", "@q1.tsq", "-H", "Content-Type: application/timestamp-query", new Uri(server.Url, "/other").ToString(), "-o", "refused.txt"));

            // ... while garbage that claims to be a query gets what RFC 3161 §2.4.2 prescribes: a TimeStampResp
            // with status rejection (failInfo badDataFormat), which openssl reads as such.
            Assert.Equal("200", Post(server.Url, "garbage.bin", "rejected.tsr"));
            ProcessResult rejection = Openssl("ts", "-reply", "-in", "rejected.tsr", "-text");
            Assert.True(rejection.ExitCode == 0, rejection.All);
            Assert.Contains("Status: Rejected.", rejection.All, StringComparison.Ordinal);
            Assert.Contains("Failure info: the data submitted has the wrong format", rejection.All, StringComparison.Ordinal);

            // The server is still serving after all of that.
            Query("other.txt", "q2.tsq");
            Assert.Equal("200", Post(server.Url, "q2.tsq", "r2.tsr"));
            ProcessResult again = Openssl("ts", "-verify", "-in", "r2.tsr", "-queryfile", "q2.tsq", "-CAfile", _ca.TimestampAuthorityChain, "-untrusted", _ca.TimestampAuthorityCertificate);
            Assert.True(again.ExitCode == 0, again.All);
            Assert.False(server.Process.HasExited, server.Log);

            // (c) Killed by its PID, it is gone: the process has exited and nothing listens on its port any more.
            int pid = server.Process.Id;
            server.Kill();
            Assert.True(server.Process.HasExited);
            Assert.False(Directory.Exists($"/proc/{pid}") && !IsZombie(pid), $"process {pid} is still alive");
            Assert.False(Listening(server.Url.Port), $"port {server.Url.Port} still accepts connections");
        }
        finally
        {
            server.Kill();
        }
    }

    [Fact]
    public void Serve_StopsCleanly_OnSigint()
    {
        // "Ctrl-C stops it", as the command says: SIGINT cancels the command and the process ends promptly.
        // System.CommandLine reports an interrupted command as 130 (128 + SIGINT, the shell convention).
        using var server = TsaProcess.Start(_ca.Directory, _dir.Path);
        try
        {
            ProcessResult sent = ProcessRunner.Run("kill", ["-INT", server.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], _dir.Path);
            Assert.True(sent.ExitCode == 0, sent.All);
            Assert.True(server.WaitForExit(TimeSpan.FromSeconds(30)), "tsa serve did not stop on SIGINT\n" + server.Log);
            Assert.True(server.Process.ExitCode is 0 or 130, $"exit {server.Process.ExitCode}\n{server.Log}");
            Assert.False(Listening(server.Url.Port), $"port {server.Url.Port} still accepts connections");
        }
        finally
        {
            server.Kill();
        }
    }

    [Fact]
    public void Serve_WithoutCaInit_IsAnInputErrorAndExits()
    {
        using var server = TsaProcess.Launch(_dir.Combine("no-such-ca"), _dir.Path);
        try
        {
            Assert.True(server.WaitForExit(StartTimeout), "tsa serve without a CA did not exit\n" + server.Log);
            Assert.Equal(2, server.Process.ExitCode);
            Assert.Contains("SG5003", server.Log, StringComparison.Ordinal);
            Assert.Contains("ca init", server.Log, StringComparison.Ordinal);
        }
        finally
        {
            server.Kill();
        }
    }

    /// <summary>`openssl ts -query` for a file, nonce and certificate request included, as a TSA client sends it.</summary>
    private void Query(string dataFile, string queryFile)
    {
        ProcessResult made = Openssl("ts", "-query", "-data", dataFile, "-sha256", "-cert", "-out", queryFile);
        Assert.True(made.ExitCode == 0, made.All);
    }

    /// <summary>POSTs a query file with the RFC 3161 media type; returns the HTTP status curl saw.</summary>
    private string Post(Uri url, string queryFile, string replyFile) =>
        Curl("--data-binary", "@" + queryFile, "-H", "Content-Type: application/timestamp-query", url.ToString(), "-o", replyFile);

    private string Curl(params string[] arguments)
    {
        ProcessResult result = ProcessRunner.Run("curl", ["-sS", "--max-time", "30", "-w", "%{http_code}", .. arguments], _dir.Path, timeout: TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, $"curl {string.Join(' ', arguments)}: {result.All}");
        return result.Output.Trim();
    }

    private ProcessResult Openssl(params string[] arguments) =>
        ProcessRunner.Run("openssl", arguments, _dir.Path, timeout: TimeSpan.FromMinutes(1));

    private static bool Listening(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // A killed child stays a zombie until its parent reaps it; Process.WaitForExit does reap, this is belt and braces.
    private static bool IsZombie(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>The CLI started as its own process; owns it and kills it (by PID) at the latest on Dispose.</summary>
    private sealed partial class TsaProcess : IDisposable
    {
        private readonly ChildProcess _child;

        private TsaProcess(ChildProcess child) => _child = child;

        public Process Process => _child.Process;

        public Uri Url { get; private set; } = null!;

        public string Log => _child.Log;

        /// <summary>Waits for the process to exit and, when it did, for its last output lines.</summary>
        public bool WaitForExit(TimeSpan timeout) => _child.WaitForExit(timeout);

        /// <summary>Starts `tsa serve --port 0` and waits for the line naming the URL it listens on.</summary>
        public static TsaProcess Start(string caDirectory, string workingDirectory)
        {
            TsaProcess server = Launch(caDirectory, workingDirectory);
            try
            {
                Match listening = server._child.WaitForReady(StartTimeout)
                    ?? throw new TimeoutException($"tsa serve did not report a URL within {StartTimeout.TotalSeconds} s\n{server.Log}");
                server.Url = new Uri(listening.Groups["url"].Value);
                return server;
            }
            catch
            {
                server.Dispose();
                throw;
            }
        }

        public static TsaProcess Launch(string caDirectory, string workingDirectory)
        {
            // The CLI this test project built (supplygate.dll with its runtimeconfig and deps beside the tests), or SUPPLYGATE_CLI.
            string[] command = BuiltCli.InterruptibleCommand("tsa", "serve", "--dir", caDirectory, "--port", "0");
            return new TsaProcess(ChildProcess.Start(ChildProcess.Info(command, workingDirectory), ListeningLine()));
        }

        /// <summary>Kills the process by its PID (never by name) and reaps it; safe to call twice.</summary>
        public void Kill() => _child.Kill();

        public void Dispose() => _child.Dispose();

        [GeneratedRegex(@"listening on (?<url>http://127\.0\.0\.1:\d+/)")]
        private static partial Regex ListeningLine();
    }
}
