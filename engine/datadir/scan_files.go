package datadir

// ScanFiles reads the header of each file named, as ScanDataDir reads
// those of a directory, into one tenant, in the order given: so that the
// recovery rules (StorageUUID, WALChain) order files named one by one.
// Files that are neither snapshots nor WALs, or cannot be opened, go to
// Unknown with their problem.
func ScanFiles(paths []string) *Tenant {
	t := &Tenant{Snapshots: []*DurableFile{}, WALs: []*DurableFile{}}
	for _, p := range paths {
		t.add(readDurableFile(p, p))
	}
	return t
}
