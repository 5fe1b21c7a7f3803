using Turtle.Twin.Alerts;

namespace Turtle.Silo.Alerts;

/// <summary>
/// What a webhook receives for one transition (docs/alerts.md): <see cref="IdempotencyKey"/> is the same for every
/// attempt (also sent as the <c>Idempotency-Key</c> header), so a receiver that got an attempt the silo thought failed
/// can drop the retry. <see cref="Attempt"/> counts from 1.
/// </summary>
public sealed record AlertWebhookPayload(string IdempotencyKey, string Event, HostAlert Alert, string? Silo, DateTimeOffset SentAt, int Attempt);
