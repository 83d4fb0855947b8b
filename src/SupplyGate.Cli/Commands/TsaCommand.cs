using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SupplyGate.Cli.Hosting;
using SupplyGate.Core.Attestations.Development;
using SupplyGate.Core.Diagnostics;
using SupplyGate.DevTsa;

namespace SupplyGate.Cli.Commands;

/// <summary><c>supplygate tsa serve</c>: the development RFC 3161 TSA on 127.0.0.1 with the key from <c>ca init</c>.</summary>
internal static class TsaCommand
{
    public static Command Create(CliContext context)
    {
        var port = new Option<int>("--port") { Description = "The loopback port (default 3180; 0 picks a free one).", DefaultValueFactory = _ => 3180 };
        var dir = new Option<string?>("--dir") { Description = "The directory 'supplygate ca init' wrote (default: ./supplygate-dev-ca)." };
        var serve = new Command("serve", "Serve RFC 3161 timestamps on 127.0.0.1 until Ctrl-C. For development only.\n\nExample:\n  supplygate tsa serve --dir dev-ca --port 3180")
        {
            port, dir,
        };
        serve.SetAction(async (parseResult, cancellationToken) => (int)await context.RunAsync(async () =>
        {
            var files = new DevelopmentCaFiles(Path.GetFullPath(parseResult.GetValue(dir) ?? "supplygate-dev-ca", context.WorkingDirectory));
            using X509Certificate2 certificate = LoadCertificate(files);
            using X509Certificate2 intermediate = LoadIntermediate(files);
            var authority = new DevTimestampAuthority(certificate, context.Time, [intermediate]);
            DevTimestampServer server;
            try
            {
                server = DevTimestampServer.Start(authority, parseResult.GetValue(port));
            }
            catch (System.Net.HttpListenerException ex)
            {
                throw new InvalidInputException(DiagnosticCode.InvalidConfiguration, $"Cannot listen on port {parseResult.GetValue(port)}: {ex.Message}", null, ex);
            }

            await using (server.ConfigureAwait(false))
            {
                context.Console.Output.WriteLine($"Development TSA (FOR DEVELOPMENT ONLY) listening on {server.Url}; Ctrl-C stops it.");
                await context.Console.Output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl-C or the host's cancellation: a normal stop.
                }
            }

            return ExitCode.Passed;
        }).ConfigureAwait(false));
        return new Command("tsa", "Development timestamp authority.") { serve };
    }

    private static X509Certificate2 LoadCertificate(DevelopmentCaFiles files)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(files.TimestampAuthorityCertificate, files.TimestampAuthorityKey);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new InvalidInputException(DiagnosticCode.SigningKeyInvalid, $"Cannot load the TSA certificate and key (run 'supplygate ca init' first): {ex.Message}", files.TimestampAuthorityCertificate, ex);
        }
    }

    private static X509Certificate2 LoadIntermediate(DevelopmentCaFiles files)
    {
        try
        {
            return X509Certificate2.CreateFromPem(File.ReadAllText(files.IntermediateCertificate));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new InvalidInputException(DiagnosticCode.SigningKeyInvalid, $"Cannot load the intermediate certificate: {ex.Message}", files.IntermediateCertificate, ex);
        }
    }
}
