package source

import "errors"

// List is a contact list opened the one way every command that reads a list opens it: the
// fingerprinted file (OpenInput), and its records read from the verified stream (Input.List).
type List struct {
	*Reader        // the header and records, read through Input.Stream
	Input   *Input // the file, its fingerprint and its estimated rows
}

// ReadError is a failure to read the list after it was opened and fingerprinted that is no
// fault of its content: an I/O error, or the file changed while its start was read (ErrChanged).
// Its text is the cause's.
type ReadError struct{ Err error }

func (e *ReadError) Error() string { return e.Err.Error() }
func (e *ReadError) Unwrap() error { return e.Err }

// List opens the records of the input with opts (Open) from the verified stream; opts.Name is
// the input's path when empty. The caller resolves opts first: the input flags, with what a
// mapping file says (its skip_lines and sheet). An error is an *InputError for a list that
// cannot be read as one (an undecodable header, a sheet that is not there, …), or a *ReadError;
// the input is closed then. Otherwise the caller closes the List, which closes the input too.
func (in *Input) List(opts Options) (*List, error) {
	if opts.Name == "" {
		opts.Name = in.Path
	}
	r, err := Open(in.Stream(), opts)
	if err != nil {
		in.Close()
		var ie *InputError
		if !errors.As(err, &ie) {
			err = &ReadError{Err: err}
		}
		return nil, err
	}
	return &List{Reader: r, Input: in}, nil
}

// Close removes the temporary files of an XLSX input and closes the file.
func (l *List) Close() error {
	return errors.Join(l.Reader.Close(), l.Input.Close())
}
