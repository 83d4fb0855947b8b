using System.CommandLine;
using Spectre.Console;
using SupplyGate.Cli.Hosting;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Inventory.Image;
using SupplyGate.Core.Inventory.Oci;
using SupplyGate.Core.Oci;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Cli.Commands;

/// <summary>
/// <c>supplygate sbom image</c> and <c>supplygate check image</c>: an image from a registry, an OCI layout
/// directory, an oci-archive tar (what ContainerArchiveOutputPath writes) or a docker-save tar.
/// </summary>
internal static class ImageCommands
{
    public static Argument<string> ImageArgument() => new("image")
    {
        Description = "A registry reference (localhost:5000/team/app:1.0, …@sha256:…), an OCI layout directory, an oci-archive or docker-save tar.",
    };

    public static Option<string?> PlatformOption() => new("--platform") { Description = "os/arch[/variant] to pick from an image index (default linux/amd64)." };

    public static Option<string?> AppSbomOption() => new("--app-sbom") { Description = "The build's SBOM of the app in the image (richer NuGet data: licenses, hashes, what was not shipped)." };

    public static Command CreateSbom(CliContext context)
    {
        Argument<string> image = ImageArgument();
        Option<string?> platform = PlatformOption();
        Option<string?> appSbom = AppSbomOption();
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the SBOM ('-' = stdout). Default: image.cdx.json." };
        var reproducible = new Option<bool>("--reproducible") { Description = "Content-derived serial number; timestamp from SOURCE_DATE_EPOCH (omitted when unset)." };
        var command = new Command("image", "Write a CycloneDX 1.6 SBOM of a container image: OS packages, .NET runtimes and apps, each with its layer.\n\nExample:\n  supplygate sbom image localhost:5000/team/app:1.0 -o app.image.cdx.json")
        {
            image, platform, appSbom, output, reproducible,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            ImageSbomResult? result = null;
            ExitCode exit = await context.RunAsync(async () =>
            {
                Inputs.InputPaths.EnsureOutputDistinct(parseResult.GetValue(output) ?? "image.cdx.json", [parseResult.GetValue(image), parseResult.GetValue(appSbom)]);
                result = await ScanAsync(context, parseResult.GetValue(image)!, parseResult.GetValue(platform), parseResult.GetValue(appSbom), cancellationToken).ConfigureAwait(false);
                Bom bom = BomFinalizer.Finalize(result.Bom, new BomFinalizeOptions
                {
                    Reproducible = parseResult.GetValue(reproducible),
                    Timestamp = SourceDateEpoch.Parse(context.Environment.GetVariable("SOURCE_DATE_EPOCH"))
                        ?? (parseResult.GetValue(reproducible) ? null : context.Time.GetUtcNow()),
                });
                byte[] bytes = CycloneDxWriter.ToUtf8Bytes(bom);
                string path = parseResult.GetValue(output) ?? "image.cdx.json";
                if (path == "-")
                {
                    context.Console.Output.Write(System.Text.Encoding.UTF8.GetString(bytes));
                }
                else
                {
                    Core.IO.AtomicFile.WriteAllBytes(path, bytes);
                    context.Console.Info($"SupplyGate: image {bom.Metadata?.Component?.Name}@{bom.Metadata?.Component?.Version} ({result.Scan.Layers.Count} layers): {bom.Components.Count} components -> {path}");
                }

                return ExitCode.Passed;
            }).ConfigureAwait(false);
            return (int)exit;
        });
        return command;
    }

    /// <summary>Runs the image pipeline, with a spinner on a terminal (never in redirected output or with NO_COLOR).</summary>
    public static async Task<ImageSbomResult> ScanAsync(CliContext context, string image, string? platform, string? appSbomPath, CancellationToken cancellationToken)
    {
        Bom? appSbom = appSbomPath is null ? null : CycloneDxReader.ReadFile(appSbomPath);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        // One folder per scan, not per process: two scans in one process (a service) must not delete each other's work.
        string work = Path.Combine(Path.GetTempPath(), $"supplygate-{Environment.ProcessId}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6))}");
        var request = new ImageSbomRequest
        {
            Image = image,
            AppSbom = appSbom,
            Platform = ParsePlatform(platform),
            WorkDirectory = work,
            CacheDirectory = CacheDirectory(context),
            Environment = context.Environment,
            HttpClient = http,
        };
        try
        {
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            ImageSbomResult result;
            if (TerminalConsole.IsInteractive(context.Environment) && !context.Console.Quiet)
            {
                // One bar per layer, in compressed bytes: the download is what takes time on a real registry.
                result = await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn())
                    .StartAsync(async progress =>
                    {
                        var bars = new Dictionary<int, ProgressTask>();
                        void Report(LayerReadProgress p)
                        {
                            lock (bars)
                            {
                                if (!bars.TryGetValue(p.Index, out ProgressTask? bar))
                                {
                                    bars[p.Index] = bar = progress.AddTask($"layer {p.Index + 1} {p.Digest.Encoded[..12]}", maxValue: Math.Max(1, p.TotalBytes));
                                }

                                bar.Value = p.BytesRead;
                                if (p.Done)
                                {
                                    bar.Description = $"layer {p.Index + 1} {p.Digest.Encoded[..12]}{(p.FromCache ? " (cached)" : string.Empty)}";
                                    bar.StopTask();
                                }
                            }
                        }

                        return await ImageSbomPipeline.RunAsync(request with { Progress = new SynchronousProgress<LayerReadProgress>(Report) }, cancellationToken).ConfigureAwait(false);
                    }).ConfigureAwait(false);
            }
            else
            {
                result = await ImageSbomPipeline.RunAsync(request, cancellationToken).ConfigureAwait(false);
            }

            foreach (Warning warning in result.Warnings)
            {
                context.Console.Warn(warning);
            }

            if (context.Console.Verbose)
            {
                TimeSpan elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
                context.Console.Error.WriteLine(
                    $"scan: {elapsed.TotalMilliseconds:F0} ms in process, {result.Scan.Layers.Count(l => l.FromCache)}/{result.Scan.Layers.Count} layers from the cache");
            }

            return result;
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to a synchronization context).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    /// <summary>Layer analyses are cached per diff id under ~/.supplygate/layers (SUPPLYGATE_CACHE overrides).</summary>
    private static string? CacheDirectory(CliContext context)
    {
        string? configured = context.Environment.GetVariable("SUPPLYGATE_CACHE");
        string? home = context.Environment.GetVariable("HOME");
        return configured is { Length: > 0 } ? Path.Combine(configured, "layers")
            : home is { Length: > 0 } ? Path.Combine(home, ".supplygate", "layers")
            : null;
    }

    private static Platform? ParsePlatform(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        string[] parts = text.Split('/');
        return parts.Length is >= 2 and <= 3
            ? new Platform(parts[0], parts[1], parts.Length == 3 ? parts[2] : null)
            : throw new InvalidInputException(DiagnosticCode.InvalidConfiguration, $"--platform '{text}': expected os/arch or os/arch/variant, e.g. linux/amd64");
    }
}
