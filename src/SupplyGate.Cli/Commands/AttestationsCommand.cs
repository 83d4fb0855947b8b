using System.CommandLine;
using SupplyGate.Cli.Hosting;
using SupplyGate.Core.Attestations.Discovery;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Oci.Registry;

namespace SupplyGate.Cli.Commands;

/// <summary>
/// <c>supplygate attestations download &lt;image&gt; -o DIR</c>: every attestation of the image (referrers API or
/// fallback tag, cosign <c>.att</c> tag), as bundle files next to their predicates plus <c>index.json</c>, for an
/// auditor to verify offline with verify-bundle, cosign or sigstore-js. Verifies nothing; the registry is read
/// with the same bounds as <c>verify</c> (discovery is shared), and the directory appears whole or not at all.
/// </summary>
internal static class AttestationsCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("attestations", "Work with an image's attestations as files.\n\nExample:\n  supplygate attestations download localhost:5000/team/app:1.0 -o evidence/");
        command.Subcommands.Add(CreateDownload(context));
        return command;
    }

    private static Command CreateDownload(CliContext context)
    {
        var image = new Argument<string>("image") { Description = "The image in a registry, by tag or digest, e.g. localhost:5000/team/app:1.0." };
        var output = new Option<string>("--output", "-o") { Description = "A new (or empty) directory to write the bundles, predicates and index.json into.", Required = true };
        var command = new Command(
            "download",
            "Download every attestation of an image as Sigstore bundle files (*.sigstore.json) next to their predicates (the SBOM, the policy result), with index.json naming the image digest, predicate types and file digests. Verifies nothing: run verify-bundle on the files.\n\n"
            + "Example:\n  supplygate attestations download localhost:5000/team/app:1.0 -o evidence/")
        {
            image, output,
        };
        command.SetAction(async (parseResult, cancellationToken) => (int)await context.RunAsync(() => DownloadAsync(
            context, parseResult.GetValue(image)!, context.ResolvePath(parseResult.GetValue(output))!, cancellationToken)).ConfigureAwait(false));
        return command;
    }

    private static async Task<ExitCode> DownloadAsync(CliContext context, string imageText, string directory, CancellationToken cancellationToken)
    {
        if (!ImageReference.TryParse(imageText, out ImageReference? image, out string? error))
        {
            throw new InvalidInputException(DiagnosticCode.InvalidConfiguration, $"'{imageText}' is not a registry reference: {error}");
        }

        string full = Path.GetFullPath(directory);
        if (File.Exists(full) || (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any()))
        {
            throw new InvalidInputException(DiagnosticCode.DownloadOutputInvalid, $"{directory}: exists and is not an empty directory; pass a new directory.", directory);
        }

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        IRegistryClient registry = RegistryClientFactory.Create(context, image!.Registry, http);
        string reference = image.Digest?.ToString() ?? image.Tag ?? "latest";
        ManifestResponse manifest = await registry.Manifests.GetAsync(image.Repository, reference, cancellationToken).ConfigureAwait(false);
        AttestationDiscoveryResult discovered = await new AttestationDiscovery(registry).DiscoverAsync(image.Repository, manifest.Digest, cancellationToken).ConfigureAwait(false);

        AttestationExportResult export = AttestationExport.Build(imageText, manifest.Digest, discovered);
        AtomicDirectory.Create(directory, export.Files.Select(f => (f.Name, f.Content)), DiagnosticCode.DownloadOutputInvalid);

        TextWriter writer = context.Console.Output;
        writer.WriteLine($"{imageText} -> {manifest.Digest}: {export.Index.Attestations.Count} attestation(s) written to {directory} (unverified; run verify-bundle)");
        foreach (ExportedAttestation entry in export.Index.Attestations)
        {
            writer.WriteLine($"  {entry.Bundle}{(entry.Predicate is null ? string.Empty : $" + {entry.Predicate}")}  [{entry.PredicateType ?? "unknown type"}]  from {entry.Source}");
        }

        foreach (string problem in export.Index.Problems)
        {
            context.Console.Error.WriteLine($"  unreadable: {problem}");
        }

        return ExitCode.Passed;
    }
}
