package format

// The one transaction framer: golden's fixtures, the large-file
// generator, conversion, the state builders and the engine all frame
// transactions with it. It lives here, beside ClosesTransaction, because
// it is a rule of the model (which frames a transaction is made of), not
// of bytes; encode's WALWriter.WriteTxn writes what it returns.

// Txn is one transaction as Memgraph commits it: its metadata deltas
// (indices, constraints, enums, TTL, descriptions, statistics) and its data
// deltas, without framing. AppendTxn frames it for a format version.
type Txn struct {
	Timestamp uint64 // commit timestamp, carried by every frame
	// Commit is TRANSACTION_START's flag (TxnStart): false marks a
	// transaction Memgraph skips on recovery (a two-phase commit that did
	// not complete). Before TxnStart there is no flag and every
	// transaction is applied.
	Commit bool
	// Access is TRANSACTION_START's access type (TxnAccessType), one of
	// AccessUnique .. AccessReadOnly.
	Access   uint64
	Metadata []Frame // content frames only; Marker and Delta are read
	Data     []Frame
}

// Add files content frames under Metadata or Data by their markers.
func (t *Txn) Add(frames ...Frame) {
	for _, fr := range frames {
		if IsMetadataDelta(fr.Marker) {
			t.Metadata = append(t.Metadata, fr)
		} else {
			t.Data = append(t.Data, fr)
		}
	}
}

// AppendTxn appends t to dst framed as a file of features f frames it, as
// Memgraph's commit writes it: TRANSACTION_START with the commit flag and
// access type (TxnStart, TxnAccessType), the metadata deltas first, then
// the data deltas, then TRANSACTION_END. Before MetadataTxnEnd a metadata
// delta is a transaction of its own, closed by itself, so TRANSACTION_END
// follows only what is left open. Every frame gets t.Timestamp; offsets
// and sizes are cleared. An empty transaction appends nothing (Memgraph
// writes none for a transaction without deltas).
func AppendTxn(dst []Frame, f Features, t Txn) []Frame {
	open := false
	add := func(fr Frame) {
		if !open {
			if f.Has(FeatTxnStart) {
				start := TxnStart{Commit: t.Commit}
				if f.Has(FeatTxnAccessType) {
					start.AccessType = t.Access
				}
				dst = append(dst, Frame{Timestamp: t.Timestamp, Marker: DeltaTransactionStart, Delta: start})
			}
			open = true
		}
		dst = append(dst, Frame{Timestamp: t.Timestamp, Marker: fr.Marker, Delta: fr.Delta})
		if ClosesTransaction(fr.Marker, f) {
			open = false
		}
	}
	for _, fr := range t.Metadata {
		add(fr)
	}
	for _, fr := range t.Data {
		add(fr)
	}
	if open {
		dst = append(dst, Frame{Timestamp: t.Timestamp, Marker: DeltaTransactionEnd, Delta: TxnEnd{}})
	}
	return dst
}
