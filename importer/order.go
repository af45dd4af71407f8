package importer

// hold queues j behind an earlier row with the same key that is still in flight; it reports
// true when it did. The worker that finishes that row takes j next, so rows of one contact
// are applied one at a time, in file order.
func (r *runner) hold(j *job) bool {
	r.keysMu.Lock()
	defer r.keysMu.Unlock()
	if q, busy := r.keys[j.key]; busy {
		r.keys[j.key] = append(q, j)
		return true
	}
	r.keys[j.key] = nil
	return false
}

// release returns the next row waiting for key, or nil after marking key free.
func (r *runner) release(key string) *job {
	r.keysMu.Lock()
	defer r.keysMu.Unlock()
	q := r.keys[key]
	if len(q) == 0 {
		delete(r.keys, key)
		return nil
	}
	r.keys[key] = q[1:]
	return q[0]
}
