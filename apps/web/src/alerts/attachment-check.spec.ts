import { ATTACHMENT_MAX_BYTES, attachmentProblem } from './attachment-check';

describe('attachmentProblem', () => {
  it('accepts images and PDFs up to 10 MB', () => {
    expect(attachmentProblem({ name: 'site.jpg', type: 'image/jpeg', size: 2_000_000 })).toBeNull();
    expect(attachmentProblem({ name: 'report.pdf', type: 'application/pdf', size: ATTACHMENT_MAX_BYTES })).toBeNull();
    expect(attachmentProblem({ name: 'scan.PDF', type: '', size: 10 })).toBeNull();
  });

  it('refuses other types, empty files and files over 10 MB', () => {
    expect(attachmentProblem({ name: 'notes.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', size: 10 })).toBe('type');
    expect(attachmentProblem({ name: 'run.exe', type: '', size: 10 })).toBe('type');
    expect(attachmentProblem({ name: 'big.png', type: 'image/png', size: ATTACHMENT_MAX_BYTES + 1 })).toBe('tooLarge');
    expect(attachmentProblem({ name: 'x.png', type: 'image/png', size: 0 })).toBe('empty');
  });
});
