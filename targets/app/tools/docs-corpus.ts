/** The built-in product documentation that `search_docs` searches. Short on purpose. */
export interface Doc {
  title: string;
  body: string;
}

export const DOCS: readonly Doc[] = [
  {
    title: 'Reconnecting after a dropped connection',
    body: 'If the connection drops, the app shows Reconnecting and tries again with a growing delay, from 200 milliseconds up to 3 seconds. Once the socket is back it resumes the open conversation from the last event it saw, so no step of a running answer is lost or shown twice. If you are offline the indicator says Offline until the network returns.',
  },
  {
    title: 'Conversation history',
    body: 'Every conversation is saved on the server as it happens: your messages, the agent thinking, each tool call and the final answer. Reload the page or sign in on another device and the whole transcript comes back, tool cards included. Conversations are listed newest first in the sidebar.',
  },
  {
    title: 'Tools the agent can use',
    body: 'The agent has three tools. The calculator evaluates arithmetic with + - * / ^ and parentheses. Unit convert changes lengths, masses and temperatures, for example kilometres to miles or Celsius to Fahrenheit. Search docs looks up these help pages. A message can use more than one tool.',
  },
  {
    title: 'Accounts and signing in',
    body: 'Create an account with a username of 3 to 64 letters, digits, dots, dashes or underscores and a password of at least 8 characters. Passwords are stored only as salted scrypt hashes. Sign out from the chat header at any time.',
  },
  {
    title: 'Limits',
    body: 'A message may be up to 8192 characters long; longer messages are refused with an error. Requests to the API are limited to 64 KiB. While the agent is answering, new messages in the same conversation wait in a queue and run in order.',
  },
  {
    title: 'Sessions and security',
    body: 'Your session lives in an HTTP-only cookie that scripts cannot read. Sessions expire after an hour; when that happens you are asked to sign in again. Message text is always shown as plain text, never as HTML, and you only ever see your own conversations.',
  },
  {
    title: 'Streaming answers and thinking',
    body: 'Answers stream live. You first see the agent thinking, then a card for each tool call that turns from running to done or error, and finally the answer. Every step is an event with a sequence number, so the order is always clear.',
  },
  {
    title: 'Keyboard shortcuts',
    body: 'Press Enter to send a message and Shift+Enter for a new line. The Send button is disabled while the message box is empty. Use New chat in the sidebar to start a fresh conversation.',
  },
  {
    title: 'Privacy and isolation',
    body: 'Each user only receives the events of their own conversations. Another user cannot open your conversation: its address returns not found. Two tabs of the same account both receive live updates.',
  },
  {
    title: 'Troubleshooting',
    body: 'If an answer seems stuck, check the connection indicator in the header. A tool that fails shows its error on the tool card and the agent still answers, explaining what went wrong. Reloading the page is always safe: nothing is lost.',
  },
];
