using System.CommandLine;
using SupplyGate.Cli.Hosting;
using SupplyGate.Core.Attestations.Publishing;
using SupplyGate.Core.Attestations.Signing;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Registry;
using SupplyGate.Core.Timestamps;

namespace SupplyGate.Cli.Commands;

/// <summary>
/// <c>supplygate attest</c> (any predicate) and <c>supplygate sign</c> (the SBOM and the policy result):
/// sign, timestamp and attach Sigstore bundles to an image in a registry (docs/architecture.md spec 6–§7).
/// </summary>
internal static class AttestCommand
{
    /// <summary>The environment variable holding the signing key as PEM text (or base64 of a PKCS#12/PEM file).</summary>
    public const string KeyVariable = SigningMaterial.KeyVariable;

    public static Command CreateAttest(CliContext context)
    {
        var options = new SigningOptions();
        var predicate = new Option<string>("--predicate") { Description = "The predicate JSON file.", Required = true };
        var type = new Option<string>("--type") { Description = "The predicate type URI, e.g. https://cyclonedx.org/bom.", Required = true };
        var command = new Command("attest", "Sign a predicate about an image and attach it as an OCI 1.1 referrer (Sigstore bundle v0.3).\n\nExample:\n  supplygate attest localhost:5000/team/app:1.0 --predicate app.cdx.json --type https://cyclonedx.org/bom --key signing.key --timestamp-url http://127.0.0.1:3180/")
        {
            options.Image, predicate, type,
        };
        options.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) => (int)await context.RunAsync(async () =>
        {
            string predicateType = parseResult.GetValue(type)!;
            if (!Uri.TryCreate(predicateType, UriKind.Absolute, out _))
            {
                throw new InvalidInputException(DiagnosticCode.InvalidConfiguration, $"--type '{predicateType}': expected an absolute URI");
            }

            await PublishAsync(context, options, parseResult, [new PredicateFile(predicateType, context.ResolvePath(parseResult.GetValue(predicate))!)], cancellationToken).ConfigureAwait(false);
            return ExitCode.Passed;
        }).ConfigureAwait(false));
        return command;
    }

    public static Command CreateSign(CliContext context)
    {
        var options = new SigningOptions();
        var sbom = new Option<string[]>("--sbom")
        {
            Description = "The CycloneDX SBOM of the image (attested as https://cyclonedx.org/bom). For an index: PLATFORM=FILE once per platform, e.g. --sbom linux/arm64=app.arm64.cdx.json.",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var policyResult = new Option<string[]>("--policy-result")
        {
            Description = "The gate's policy result JSON (attested as https://supplygate.dev/attestation/policy-result/v1). For an index: PLATFORM=FILE, per platform.",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("sign", "Sign the image's SBOM and, if given, the policy result, and attach both to the image. For an index, sign each platform image and the index's platform list (docs/attestations.md).\n\nExamples:\n  supplygate sign localhost:5000/team/app:1.0 --sbom app.cdx.json --policy-result gate.json --key signing.key --timestamp-url http://127.0.0.1:3180/\n  supplygate sign localhost:5000/team/app:1.0 --sbom linux/amd64=app.amd64.cdx.json --sbom linux/arm64=app.arm64.cdx.json --key signing.key --timestamp-url http://127.0.0.1:3180/")
        {
            options.Image, sbom, policyResult,
        };
        options.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) => (int)await context.RunAsync(async () =>
        {
            var predicates = new List<PredicateFile>();
            predicates.AddRange(PlatformFiles.Parse("--sbom", PredicateTypes.CycloneDx, parseResult.GetValue(sbom) ?? []));
            predicates.AddRange(PlatformFiles.Parse("--policy-result", PredicateTypes.PolicyResult, parseResult.GetValue(policyResult) ?? []));
            predicates = predicates.ConvertAll(p => p with { Path = context.ResolvePath(p.Path)! });
            await PublishAsync(context, options, parseResult, predicates, cancellationToken).ConfigureAwait(false);
            return ExitCode.Passed;
        }).ConfigureAwait(false));
        return command;
    }

    private static async Task PublishAsync(
        CliContext context,
        SigningOptions options,
        ParseResult parseResult,
        IReadOnlyList<PredicateFile> predicates,
        CancellationToken cancellationToken)
    {
        string imageText = parseResult.GetValue(options.Image)!;
        if (!ImageReference.TryParse(imageText, out ImageReference? image, out string? error))
        {
            throw new InvalidInputException(DiagnosticCode.InvalidConfiguration, $"'{imageText}' is not a registry reference: {error}");
        }

        Uri? timestampUrl = null;
        if (parseResult.GetValue(options.TimestampUrl) is { } url && !Uri.TryCreate(url, UriKind.Absolute, out timestampUrl))
        {
            throw new InvalidInputException(DiagnosticCode.InvalidConfiguration, $"--timestamp-url '{url}': expected an absolute http(s) URL");
        }

        using SigningMaterial signing = SigningMaterial.Load(
            context.ResolvePath(parseResult.GetValue(options.Key)), parseResult.GetValue(options.KeyPassword), context.ResolvePath(parseResult.GetValue(options.Certificate)), context.Environment);
        if (timestampUrl is null)
        {
            context.Console.Error.WriteLine("warning: no --timestamp-url: verifiers require a timestamp and will refuse this attestation");
        }

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        RegistryClient registry = RegistryClientFactory.Create(context, image!.Registry, http);
        IReadOnlyList<AttachedAttestation> results = await new ImageSigning(registry, new TimestampClient(http), context.Time)
            .SignAsync(new ImageSigningRequest { Image = image, Predicates = predicates, Signing = signing, TimestampUrl = timestampUrl }, cancellationToken)
            .ConfigureAwait(false);
        foreach (AttachedAttestation result in results)
        {
            string platform = result.Platform is null ? string.Empty : $" ({result.Platform})";
            context.Console.Output.WriteLine($"attested {result.PredicateType} to {image.Registry}/{image.Repository}@{result.Subject.Digest}{platform}: {result.Manifest.Digest}");
        }
    }

    /// <summary>The image argument and the signing options both verbs share.</summary>
    private sealed class SigningOptions
    {
        public Argument<string> Image { get; } = new("image") { Description = "The image in a registry (tag or digest), e.g. localhost:5000/team/app:1.0." };

        public Option<string?> Key { get; } = new("--key") { Description = $"The signing key file (PEM, PKCS#8, PKCS#12); default: the PEM text in {KeyVariable}." };

        public Option<string?> KeyPassword { get; } = new("--key-password") { Description = "The password of an encrypted key or PKCS#12 file." };

        public Option<string?> Certificate { get; } = new("--cert") { Description = "The signing certificate (PEM or DER) when the key file does not contain it." };

        public Option<string?> TimestampUrl { get; } = new("--timestamp-url") { Description = "An RFC 3161 timestamp authority, e.g. http://127.0.0.1:3180/ (supplygate tsa serve)." };

        public void AddTo(Command command)
        {
            command.Options.Add(Key);
            command.Options.Add(KeyPassword);
            command.Options.Add(Certificate);
            command.Options.Add(TimestampUrl);
        }
    }
}
