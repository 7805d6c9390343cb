package encode

import "github.com/durascope/durascope/format"

// WriteTxn frames t (format.AppendTxn) and writes its frames.
func (w *WALWriter) WriteTxn(t format.Txn) error {
	w.txnBuf = format.AppendTxn(w.txnBuf[:0], w.f, t)
	for _, fr := range w.txnBuf {
		if err := w.WriteFrame(fr); err != nil {
			return err
		}
	}
	return nil
}
