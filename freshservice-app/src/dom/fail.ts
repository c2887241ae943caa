/** The in-place error panel a page shows when it cannot start (no FDK client, no root): never a blank page. */
export function showStartFailure(root: HTMLElement, message: string): void {
  root.dataset.phase = 'error';
  const section = document.createElement('section');
  section.className = 'error';
  section.dataset.test = 'error';
  const text = document.createElement('p');
  text.dataset.test = 'error-message';
  text.textContent = message;
  section.append(text);
  root.replaceChildren(section);
}
