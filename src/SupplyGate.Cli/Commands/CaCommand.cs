using System.CommandLine;
using SupplyGate.Cli.Hosting;
using SupplyGate.Core.Attestations.Development;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Cli.Commands;

/// <summary><c>supplygate ca init</c>: a development PKI (root, intermediate, code-signing leaf, TSA) and trusted_root.json.</summary>
internal static class CaCommand
{
    public static Command Create(CliContext context)
    {
        var dir = new Option<string?>("--dir") { Description = "Where to write the CA files (default: ./supplygate-dev-ca)." };
        var identity = new Option<string?>("--identity") { Description = "The signer identity for the leaf's SAN: a URI or an email address." };
        var days = new Option<int?>("--days") { Description = "Validity of the code-signing leaf in days (default 365)." };
        var init = new Command("init", "Create a development certificate authority (root, intermediate, code-signing leaf, TSA) and trusted_root.json. For development only.\n\nExample:\n  supplygate ca init --dir dev-ca --identity https://ci.example.com/build")
        {
            dir, identity, days,
        };
        init.SetAction(parseResult => (int)context.Run(() =>
        {
            string directory = Path.GetFullPath(parseResult.GetValue(dir) ?? "supplygate-dev-ca", context.WorkingDirectory);
            var options = new DevelopmentCaOptions();
            if (parseResult.GetValue(identity) is { Length: > 0 } signer)
            {
                options = options with { SignerIdentity = signer };
            }

            if (parseResult.GetValue(days) is { } d)
            {
                if (d is < 1 or > 3650)
                {
                    throw new InvalidInputException(DiagnosticCode.InvalidConfiguration, $"--days {d}: expected 1 to 3650");
                }

                options = options with { LeafLifetime = TimeSpan.FromDays(d) };
            }

            using DevelopmentCa ca = DevelopmentCa.Create(options, context.Time);
            DevelopmentCaFiles files = ca.WriteTo(directory);
            context.Console.Output.WriteLine($"Development CA written to {files.Directory}: FOR DEVELOPMENT ONLY, never trust it in production.");
            context.Console.Output.WriteLine($"  signing key  {files.SigningKey} (certificate {files.SigningCertificate}, identity {options.SignerIdentity})");
            context.Console.Output.WriteLine($"  TSA          {files.TimestampAuthorityCertificate} (serve it with: supplygate tsa serve --dir {files.Directory})");
            context.Console.Output.WriteLine($"  trust root   {files.TrustedRoot}");
            return ExitCode.Passed;
        }));
        return new Command("ca", "Development certificate authority.") { init };
    }
}
