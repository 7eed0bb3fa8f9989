/** The one URL used in the footer link, the text part and List-Unsubscribe. */
export function unsubscribeUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/unsubscribe/${token}`;
}
