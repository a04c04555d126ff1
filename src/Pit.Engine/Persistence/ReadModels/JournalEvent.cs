using Pit.Engine.Protocol;

namespace Pit.Engine.Persistence.ReadModels;

/// <summary>A run event as the journal holds it, with its place in the journal (the <c>ordering</c> column, Persistence Query's <c>Offset.Sequence</c>).</summary>
public sealed record JournalEvent(long Offset, IPitEvent Event);
