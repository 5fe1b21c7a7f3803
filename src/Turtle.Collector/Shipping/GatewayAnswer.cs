namespace Turtle.Collector.Shipping;

/// <summary>What a gateway's answer means for the batches sent.</summary>
public enum GatewayVerdict
{
    /// <summary>202: stored (or stored before: duplicates).</summary>
    Accepted,

    /// <summary>400 or 422: something in the request can never be accepted, by any gateway.</summary>
    Refused,

    /// <summary>413: the body is over the gateway's limit; fewer batches may pass.</summary>
    TooLarge,

    /// <summary>409 (a read-only observer), 5xx, another status, no connection or no answer in time: try another gateway.</summary>
    Unavailable,
}

/// <summary>One gateway's answer to one request.</summary>
/// <param name="Verdict">What the answer means for the batches.</param>
/// <param name="Status">The HTTP status; null when there was no answer.</param>
/// <param name="Detail">For logs: the problem's title, detail and first errors, or why there was no answer.</param>
/// <param name="Duplicates">Of the accepted batches, how many the silo had already stored.</param>
public sealed record GatewayAnswer(GatewayVerdict Verdict, int? Status, string Detail, int Duplicates = 0);
