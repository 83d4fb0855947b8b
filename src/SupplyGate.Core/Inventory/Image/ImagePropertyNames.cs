namespace SupplyGate.Core.Inventory.Image;

/// <summary>CycloneDX property names the image inventory writes.</summary>
public static class ImagePropertyNames
{
    /// <summary>The diff id of the layer that introduced the component.</summary>
    public const string Layer = "supplygate:image:layer";

    /// <summary>That layer's 0-based index in the manifest.</summary>
    public const string LayerIndex = "supplygate:image:layer-index";

    /// <summary><c>true</c>, <c>false</c> or <c>unknown</c>: whether that layer belongs to the base image.</summary>
    public const string BaseLayer = "supplygate:image:base-layer";

    /// <summary>The <c>*.deps.json</c> of the application a NuGet component ships in (one property per app).</summary>
    public const string AppPath = "supplygate:image:app-path";

    /// <summary>Where a shared framework or OS package database was found.</summary>
    public const string Path = "supplygate:image:path";

    /// <summary>os-release <c>VERSION_CODENAME</c>.</summary>
    public const string OsCodename = "supplygate:os:codename";
}
