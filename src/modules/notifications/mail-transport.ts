/**
 * Sends an email through SMTP (nodemailer). Without SMTP_URL there is no transport: messages stay in the
 * outbox, where the development outbox page shows them.
 */
import nodemailer from 'nodemailer';

export interface MailTransport {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
  close(): void;
}

export function smtpTransport(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    async send(message) {
      await transporter.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
    close: () => transporter.close(),
  };
}
